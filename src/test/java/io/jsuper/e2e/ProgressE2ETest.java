package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code restart all} shows each process as it settles on a terminal (tmux runs the built client, the screen
 * is read while the command still waits), and one line per process plus a summary elsewhere. Needs the
 * Debian package {@code tmux} for the terminal half.
 */
class ProgressE2ETest extends DaemonE2ETest {
    /** quick settles at once; slow needs 4 s of RUNNING (startsecs) before the restart can end. */
    private static final String WATCHERS = "[watcher:quick]\ncmd = sleep 1000\nstartsecs = 0\nnumprocesses = 2\n"
            + "[watcher:slow]\ncmd = sleep 1000\nstartsecs = 4\n";
    private Path tmuxSocket;

    @AfterEach
    void killTmux() throws Exception {
        if (tmuxSocket != null && Files.exists(tmuxSocket)) {
            tmux("kill-server");
        }
    }

    private HostTools.Result tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", tmuxSocket.toString()));
        cmd.addAll(List.of(args));
        return HostTools.run(cmd);
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "p").ok("tmux capture-pane").output();
    }

    @Test
    void onATerminal_eachProcessIsPrintedAsItSettles_thenASummary() throws Exception {
        HostTools.require("tmux", "tmux");
        tmuxSocket = tmp.resolve("tmux.sock");
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        jsuperd.awaitAll("quick", "RUNNING");
        jsuperd.awaitAll("slow", "RUNNING");
        Path exit = tmp.resolve("exit");
        tmux("new-session", "-d", "-s", "p", "-x", "120", "-y", "30", "env TERM=xterm "
                + DaemonHarness.dist().resolve("bin/jsuperctl") + " --socket " + jsuperd.socket + " restart all; echo $? > "
                + exit + "; sleep 600").ok("tmux new-session");
        // While slow:1 still counts its startsecs, both quick processes are already on the screen.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                screen().contains("quick:1: restarted") && screen().contains("quick:2: restarted"));
        String early = screen();
        assertFalse(early.contains("slow:1: restarted"), "slow:1 cannot have settled yet:\n" + early);
        assertFalse(early.contains("restart all:"), "the summary came before the last process:\n" + early);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(exit) && !Files.readString(exit).isBlank());
        assertEquals("0", Files.readString(exit).strip(), screen());
        List<String> lines = screen().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(4, lines.size(), screen());
        assertEquals("slow:1: restarted", lines.get(2), screen());
        assertTrue(lines.get(3).matches("restart all: 3 processes, 3 restarted in \\d+\\.\\d s"), lines.get(3));
    }

    @Test
    void elsewhere_oneLinePerProcess_thenTheSummary() throws Exception {
        jsuperd = new DaemonHarness(tmp, WATCHERS).start();
        jsuperd.awaitAll("slow", "RUNNING");
        Ctl r = jsuperd.ctl("stop", "all");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("quick:1: stopped", "quick:2: stopped", "slow:1: stopped"), lines.subList(0, 3), r.toString());
        assertTrue(lines.get(3).matches("stop all: 3 processes, 3 stopped in \\d+\\.\\d s"), r.toString());
        assertEquals(4, lines.size(), r.toString());
    }
}
