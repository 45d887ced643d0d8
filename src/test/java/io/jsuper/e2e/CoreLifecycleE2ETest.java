package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The core issue's behaviours, end to end: the built daemon, real children, real signals. */
class CoreLifecycleE2ETest extends DaemonE2ETest {

    private DaemonHarness start(String watchers) throws Exception {
        jsuperd = new DaemonHarness(tmp, watchers).start();
        return jsuperd;
    }

    @Test
    void startsEveryProcess_inItsOwnSessionAndGroup_withACleanSignalMask() throws Exception {
        start("""
                [watcher:sleeper]
                cmd = sleep
                args = 1000
                numprocesses = 3
                startsecs = 0.2
                """);
        jsuperd.awaitAll("sleeper", "RUNNING");
        List<JsonNode> ps = jsuperd.processesOf("sleeper");
        assertEquals(List.of(1, 2, 3), ps.stream().map(p -> p.get("wid").asInt()).toList());
        for (JsonNode p : ps) {
            long pid = p.get("pid").asLong();
            assertEquals(pid, Processes.pgrp(pid), "own process group");
            assertEquals(pid, Processes.session(pid), "own session");
            assertEquals("0000000000000000", Processes.status(pid, "SigBlk"), "nothing blocked");
            assertEquals("0000000000000000", Processes.status(pid, "SigIgn"), "nothing ignored");
            assertEquals(jsuperd.pid(), Long.parseLong(Processes.stat(pid).orElseThrow()[3]), "child of jsuperd");
        }
    }

    @Test
    void killedChild_isRespawned() throws Exception {
        start("""
                [watcher:sleeper]
                cmd = sleep 1000
                startsecs = 0
                """);
        jsuperd.awaitState("sleeper", 1, "RUNNING");
        long first = jsuperd.pidOf("sleeper", 1);
        Processes.kill(first, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            long now = jsuperd.pidOf("sleeper", 1);
            return now != 0 && now != first && jsuperd.state("sleeper", 1).equals("RUNNING");
        });
        JsonNode p = jsuperd.process("sleeper", 1);
        assertEquals(1, p.get("restarts").asInt());
        assertEquals("SIGKILL", p.get("last_exit").asText());
    }

    @Test
    void restartOfSeveralProcesses_leavesExactlyOneChildPerProcess() throws Exception {
        start("""
                [watcher:pair]
                cmd = sleep 1000
                numprocesses = 2
                startsecs = 0.2
                """);
        jsuperd.awaitAll("pair", "RUNNING");
        for (int round = 0; round < 3; round++) {
            DaemonHarness.Response r = jsuperd.post("/services/pair/restart?wait=true");
            assertEquals(200, r.status(), String.valueOf(r.body()));
            jsuperd.awaitAll("pair", "RUNNING");
        }
        List<Long> children = Processes.descendantsOf(jsuperd.pid());
        children.forEach(jsuperd::remember);
        List<Long> pids = jsuperd.processesOf("pair").stream().map(p -> p.get("pid").asLong()).sorted().toList();
        assertEquals(pids, children.stream().sorted().toList(), "no stray child beside the two the daemon knows");
    }

    @Test
    void crashLoop_backsOff_thenGoesFatalWithItsReason() throws Exception {
        start("""
                [watcher:crasher]
                cmd = /bin/sh
                args = -c "echo dying >&2; exit 3"
                startsecs = 1
                max_retry = 2
                backoff_initial = 0.1
                """);
        jsuperd.awaitState("crasher", 1, "FATAL");
        JsonNode p = jsuperd.process("crasher", 1);
        assertEquals(3, p.get("start_count").asInt(), p.toString());
        assertEquals("exit 3", p.get("last_exit").asText());
        assertTrue(p.get("reason").asText().contains("could not start: 3 starts failed in a row"), p.toString());
        assertTrue(DaemonHarness.read(jsuperd.logdir.resolve("crasher-1.stderr.log")).contains("dying\ndying\ndying\n"));
    }

    @Test
    void missingExecutable_isASpawnErrorWithTheOsReason() throws Exception {
        start("""
                [watcher:ghost]
                cmd = /nonexistent/ghost
                max_retry = 0
                """);
        jsuperd.awaitState("ghost", 1, "FATAL");
        assertEquals("cmd /nonexistent/ghost: No such file or directory",
                jsuperd.process("ghost", 1).get("last_spawn_error").asText());
    }

    @Test
    void stopOfATermIgnoringChild_escalatesToKill_andNoGrandchildSurvives() throws Exception {
        start("""
                [watcher:stubborn]
                cmd = /bin/sh
                args = -c "trap '' TERM; sleep 1000 & sleep 1000 & while :; do sleep 1; done"
                graceful_timeout = 1
                startsecs = 0
                """);
        jsuperd.awaitState("stubborn", 1, "RUNNING");
        long pid = jsuperd.pidOf("stubborn", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Processes.groupMembers(pid).size() >= 3);
        List<Long> group = Processes.groupMembers(pid);
        group.forEach(jsuperd::remember);
        DaemonHarness.Response r = jsuperd.post("/services/stubborn/stop?wait=true");
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals("STOPPED", jsuperd.state("stubborn", 1));
        assertEquals("SIGKILL", jsuperd.process("stubborn", 1).get("last_exit").asText());
        // SIGKILL is sent before the answer, but a killed process still has to be scheduled to die:
        // on a loaded machine that takes a moment
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (long member : group) {
                assertFalse(Processes.isAlive(member), "group member " + member + " survived the stop");
            }
        });
    }

    @Test
    void stopSignalQuit_reallyStopsTheProcess() throws Exception {
        start("""
                [watcher:quitter]
                cmd = sleep 1000
                stop_signal = QUIT
                graceful_timeout = 30
                startsecs = 0
                """);
        jsuperd.awaitState("quitter", 1, "RUNNING");
        DaemonHarness.Response r = jsuperd.post("/services/quitter/stop?wait=true&timeout=20");
        assertEquals(200, r.status(), String.valueOf(r.body()));
        String lastExit = jsuperd.process("quitter", 1).get("last_exit").asText();
        assertTrue(lastExit.startsWith("SIGQUIT"), "stopped by QUIT, not escalated to KILL: " + lastExit);
    }

    @Test
    void sigterm_stopsEverything_andRemovesSocketAndPidfile() throws Exception {
        start("""
                [watcher:a]
                cmd = sleep 1000
                numprocesses = 2
                startsecs = 0
                priority = 10

                [watcher:b]
                cmd = /bin/sh
                args = -c "sleep 1000 & wait"
                startsecs = 0
                """);
        jsuperd.awaitAll("a", "RUNNING");
        jsuperd.awaitAll("b", "RUNNING");
        await().atMost(Duration.ofSeconds(10)).until(() -> Processes.descendantsOf(jsuperd.pid()).size() >= 4);
        List<Long> children = Processes.descendantsOf(jsuperd.pid());
        children.forEach(jsuperd::remember);
        assertTrue(Files.exists(tmp.resolve("jsuperd.pid")));
        jsuperd.signalDaemon("TERM");
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, jsuperd.process().exitValue(), jsuperd.daemonLogText());
        for (long pid : children) {
            assertFalse(Processes.isAlive(pid), "process " + pid + " outlived jsuperd");
        }
        assertFalse(Files.exists(jsuperd.socket), "socket removed");
        assertFalse(Files.exists(tmp.resolve("jsuperd.pid")), "pidfile removed");
        String log = jsuperd.daemonLogText();
        assertTrue(log.indexOf("stopped: b:1") < log.indexOf("stopped: a:1"),
                "lower priority stops first:\n" + log);
    }

    @Test
    void invalidConfig_neverStarts_andNamesEveryError() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:bad]
                cmd = sleep 1
                numprocesses = lots
                stop_signal = NOPE
                grace_timeout = 3
                """);
        Process p = new ProcessBuilder(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c",
                jsuperd.config.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue());
        assertTrue(out.contains("numprocesses"), out);
        assertTrue(out.contains("stop_signal"), out);
        assertTrue(out.contains("grace_timeout"), out);
        assertTrue(out.contains("graceful_timeout"), "did-you-mean: " + out);
        assertFalse(Files.exists(jsuperd.socket));
    }
}
