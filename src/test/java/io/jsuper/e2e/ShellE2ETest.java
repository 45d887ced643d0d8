package io.jsuper.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive shell on a real pseudo-terminal: tmux runs the built {@code bin/jsuperctl} against the real
 * daemon, keys are typed with {@code send-keys} and the screen is read with {@code capture-pane}. Needs the
 * Debian package {@code tmux} (skipped without it, a failure under CI).
 */
class ShellE2ETest extends DaemonE2ETest {
    private Path tmuxSocket;
    private Path state;
    private Path exitFile;

    @BeforeEach
    void daemon() throws Exception {
        HostTools.require("tmux", "tmux");
        tmuxSocket = tmp.resolve("tmux.sock");
        state = tmp.resolve("state");
        exitFile = tmp.resolve("shell.exit");
        jsuperd = new DaemonHarness(tmp, "[watcher:webapp]\ncmd = sleep 1000\nnumprocesses = 2\nstartsecs = 0\n"
                + "[watcher:db]\ncmd = sleep 1000\nstartsecs = 0\nautostart = false\n").start();
        jsuperd.awaitAll("webapp", "RUNNING");
    }

    @AfterEach
    void killTmux() throws Exception {
        if (tmuxSocket != null && Files.exists(tmuxSocket)) {
            tmux("kill-server");
        }
    }

    /** Opens the shell in a fresh tmux session; the shell's exit code lands in {@link #exitFile}. */
    private void openShell() throws Exception {
        Files.deleteIfExists(exitFile);
        String ctl = DaemonHarness.dist().resolve("bin/jsuperctl") + " --socket " + jsuperd.socket;
        tmux("new-session", "-d", "-s", "sh", "-x", "120", "-y", "40",
                "env XDG_STATE_HOME=" + state + " TERM=xterm " + ctl + "; echo $? > " + exitFile + "; sleep 600");
        awaitScreen("(jsuperctl)"); // capture-pane drops trailing blanks
    }

    private HostTools.Result tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", tmuxSocket.toString()));
        cmd.addAll(List.of(args));
        return HostTools.run(cmd);
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "sh"));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0])).ok("tmux send-keys");
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "sh").ok("tmux capture-pane").output();
    }

    private void awaitScreen(String text) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String s = screen();
            assertTrue(s.contains(text), "screen lacks '" + text + "':\n" + s);
        });
    }

    private long lastPromptLines(String line) throws Exception {
        return screen().lines().filter(l -> l.equals("(jsuperctl) " + line)).count();
    }

    @Test
    void greeting_arrowKeyEditing_historyAcrossSessions_ctrlD() throws Exception {
        openShell();
        awaitScreen("webapp: active (2/2 RUNNING)");
        awaitScreen("db: stopped (0/1 RUNNING)");

        // "sttus db", cursor back six places, insert the missing "a": the line runs as "status db".
        keys("sttus db", "Left", "Left", "Left", "Left", "Left", "Left", "a", "Enter");
        awaitScreen("db:1   STOPPED   Not started");
        assertTrue(!screen().contains("^[["), "arrow keys were inserted as text:\n" + screen());

        // Ctrl-C drops the typed line: the daemon must still run after "shutdown" was cancelled.
        keys("shutdown", "C-c");
        keys("version", "Enter");
        awaitScreen("0.1.0");
        assertTrue(jsuperd.process().isAlive(), "Ctrl-C did not cancel the line");

        keys("C-d");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(exitFile));
        tmux("kill-server");

        // A new session recalls the previous one's lines: Up twice gives "status db" (before "version").
        openShell();
        keys("Up", "Up");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1, lastPromptLines("status db"), screen()));
        keys("Enter");
        awaitScreen("db:1   STOPPED   Not started");
        assertTrue(Files.readString(state.resolve("jsuperctl/history")).contains("status db"));
    }

    @Test
    void tabCompletesAWatcherNameFromTheDaemon() throws Exception {
        openShell();
        keys("start d", "Tab");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                screen().contains("(jsuperctl) start db"), screen()));
        keys("Enter");
        awaitScreen("db:1: started");
        jsuperd.awaitState("db", 1, "RUNNING");

        // A command word, then a watcher name completed to its longest common prefix with its processes.
        keys("sto", "Tab", "weba", "Tab");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                screen().contains("(jsuperctl) stop webapp"), screen()));
        keys("Enter");
        awaitScreen("webapp:2: stopped");
        jsuperd.awaitAll("webapp", "STOPPED");
    }
}
