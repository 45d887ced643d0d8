package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One process addressed as {@code name:wid}, the daemon's pid, global options after the command: real client, real daemon. */
class OneProcessE2ETest extends DaemonE2ETest {
    private static final String TRAPPER = "[watcher:web]\ncmd = /bin/sh\nargs = -c \"trap 'echo got-hup' HUP; "
            + "while :; do sleep 0.05; done\"\nnumprocesses = 3\nstartsecs = 0\n";

    private static void assertExit(int expected, Ctl r) {
        assertEquals(expected, r.exit(), r.toString());
    }

    @Test
    void stopStartRestartSignalPidStatus_ofOneProcess() throws Exception {
        jsuperd = new DaemonHarness(tmp, TRAPPER).start();
        jsuperd.awaitAll("web", "RUNNING");
        long pid1 = jsuperd.pidOf("web", 1);
        long pid3 = jsuperd.pidOf("web", 3);

        Ctl stop = jsuperd.ctl("stop", "web:2");
        assertExit(0, stop);
        assertEquals("web:2: stopped\n", stop.out());
        assertEquals("STOPPED", jsuperd.state("web", 2));
        assertEquals(List.of("RUNNING", "RUNNING"), List.of(jsuperd.state("web", 1), jsuperd.state("web", 3)));

        Ctl status = jsuperd.ctl("status", "web:2");
        assertExit(3, status);
        assertTrue(status.out().startsWith("web:2   STOPPED"), status.toString());
        assertExit(3, jsuperd.ctl("pid", "web:2"));
        assertEquals(pid1 + "\n", jsuperd.ctl("pid", "web:1").out());

        assertExit(0, jsuperd.ctl("start", "web:2"));
        assertEquals("RUNNING", jsuperd.state("web", 2));

        Ctl restart = jsuperd.ctl("restart", "web:1");
        assertExit(0, restart);
        assertEquals("web:1: restarted\n", restart.out());
        assertNotEquals(pid1, jsuperd.pidOf("web", 1));
        assertEquals(pid3, jsuperd.pidOf("web", 3), "web:3 untouched");

        Ctl sig = jsuperd.ctl("signal", "HUP", "web:3");
        assertExit(0, sig);
        assertEquals("web:3: signalled HUP\n", sig.out());
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(jsuperd.logdir.resolve("web-3.stdout.log")).contains("got-hup"));

        Ctl unknown = jsuperd.ctl("stop", "web:9");
        assertExit(4, unknown);
        assertEquals(List.of("jsuperctl: no such process: web:9 (web has processes 1 to 3)"), unknown.errLines());
    }

    @Test
    void pidWithoutName_isTheDaemons_signalAll_globalOptionAfterTheCommand() throws Exception {
        jsuperd = new DaemonHarness(tmp, TRAPPER).start();
        jsuperd.awaitAll("web", "RUNNING");
        Ctl pid = jsuperd.ctl("pid");
        assertExit(0, pid);
        assertEquals(jsuperd.pid() + "\n", pid.out());

        Ctl all = jsuperd.ctl("signal", "HUP", "all");
        assertExit(0, all);
        assertEquals(3, all.out().lines().count(), all.toString());

        Ctl json = DaemonHarness.runCtl(List.of("status", "web:1", "--json", "--socket", jsuperd.socket.toString()), null, java.util.Map.of());
        assertExit(0, json);
        assertTrue(json.out().startsWith("{\"services\":[{"), json.toString());

        Ctl wide = jsuperd.ctl("status", "--wide", "web");
        assertExit(0, wide);
        List<String> rows = wide.out().lines().toList();
        assertEquals(4, rows.size(), wide.toString());
        assertTrue(rows.get(0).startsWith("NAME   STATE    PID "), wide.toString());
        assertTrue(rows.get(1).startsWith("web:1  RUNNING  " + jsuperd.pidOf("web", 1) + " "), wide.toString());
        assertTrue(!wide.out().contains("\u001b["), "no colour into a pipe");

        Ctl typo = jsuperd.ctl("stauts");
        assertExit(2, typo);
        // stats is one deletion away, status one transposition: both are offered
        assertEquals(List.of("jsuperctl: unknown command 'stauts'; did you mean status or stats?"), typo.errLines());
    }
}
