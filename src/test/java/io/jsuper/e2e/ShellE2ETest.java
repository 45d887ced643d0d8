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
    /** The tmux session of the shell under test; a second shell gets a second session on the same server. */
    private String session = "sh";

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

    /** Opens the shell in a new tmux session; the shell's exit code lands in {@link #exitFile}. */
    private void openShell(String name) throws Exception {
        session = name;
        Files.deleteIfExists(exitFile);
        String ctl = DaemonHarness.dist().resolve("bin/jsuperctl") + " --socket " + jsuperd.socket;
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                "env XDG_STATE_HOME=" + state + " TERM=xterm " + ctl + "; echo $? > " + exitFile + "; sleep 600");
        awaitScreen("(jsuperctl)"); // capture-pane drops trailing blanks
    }

    private HostTools.Result tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", tmuxSocket.toString()));
        cmd.addAll(List.of(args));
        return HostTools.run(cmd);
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0])).ok("tmux send-keys");
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session).ok("tmux capture-pane").output();
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
        openShell("sh");
        awaitScreen("webapp: active (2/2 RUNNING)");
        awaitScreen("db: stopped (0/1 RUNNING)");

        // "sttus db", cursor back six places, insert the missing "a": the line runs as "status db".
        keys("sttus db", "Left", "Left", "Left", "Left", "Left", "Left", "a", "Enter");
        awaitScreen("db:1   STOPPED   Not started");
        assertTrue(!screen().contains("^[["), "arrow keys were inserted as text:\n" + screen());

        // Ctrl-C drops the typed line: the daemon must still run after "shutdown" was cancelled.
        keys("shutdown");
        awaitScreen("(jsuperctl) shutdown");
        keys("C-c");
        // Ctrl-C reaches JLine as SIGINT, asynchronously: wait for the fresh empty prompt before typing on
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> lines = screen().lines().filter(l -> !l.isBlank()).toList();
            assertEquals("(jsuperctl)", lines.get(lines.size() - 1), screen());
        });
        keys("pid", "Enter");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                screen().lines().anyMatch(l -> l.equals(Long.toString(jsuperd.pid()))), screen()));
        assertTrue(jsuperd.process().isAlive(), "Ctrl-C did not cancel the line");

        keys("C-d");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(exitFile));
        assertEquals("0", Files.readString(exitFile).strip(), "the last command's exit code");

        // A new shell recalls the previous one's lines: Up twice gives "status db" (before "pid").
        // (A second session on the same server: killing the server and starting another on the same
        // socket at once races with its exit.)
        openShell("sh2");
        keys("Up", "Up");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1, lastPromptLines("status db"), screen()));
        keys("Enter");
        awaitScreen("db:1   STOPPED   Not started");
        assertTrue(Files.readString(state.resolve("jsuperctl/history")).contains("status db"));
    }

    @Test
    void tabCompletesAWatcherNameFromTheDaemon() throws Exception {
        openShell("sh");
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
