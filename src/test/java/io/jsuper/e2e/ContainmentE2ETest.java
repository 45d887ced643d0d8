package io.jsuper.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Containment end to end, in both modes (cgroup v2 and process groups + subreaper): nothing a
 * watcher's processes start survives a stop, a crash of the main process, or a shutdown, and a
 * daemon killed with SIGKILL is followed by one set of processes, not two. Processes are counted by
 * an environment marker in /proc.
 */
class ContainmentE2ETest extends DaemonE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Marked marked = new Marked();

    @AfterEach
    void killWhatCarriesOurMarker() throws Exception {
        if (jsuperd != null) {
            jsuperd.close();
            jsuperd = null;
        }
        marked.killAll();
    }

    /** A daemon-style program: a setsid'd child forks a worker and exits at once, then the main process sleeps. */
    private Path doubleForker() throws IOException {
        Path script = tmp.resolve("double-fork.sh");
        Files.writeString(script, "#!/bin/sh\nsetsid sh -c 'sleep 1000 & exit 0'\nexec sleep 1000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private DaemonHarness start(String mode, String watchers) throws Exception {
        assumeMode(mode);
        jsuperd = new DaemonHarness(tmp, "containment = " + mode + "\n", watchers).start();
        return jsuperd;
    }

    static void assumeMode(String mode) {
        if (mode.equals("cgroup")) {
            Optional<String> why = CgroupHost.whyNotWritable();
            Assumptions.assumeTrue(why.isEmpty(), () -> "cgroup mode skipped: " + why.orElse(""));
        }
    }

    private void awaitMarked(int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertEquals(count, marked.pids().size(), "marked processes " + marked.pids()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup", "process-group"})
    void doubleForkingProgram_isKilledWhole_byStop(String mode) throws Exception {
        start(mode, "[watcher:forker]\ncmd = " + doubleForker() + "\nnumprocesses = 2\nstartsecs = 0\n" + marked.envLine());
        jsuperd.awaitAll("forker", "RUNNING");
        awaitMarked(4); // two mains, two escaped workers in sessions of their own
        long main = jsuperd.pidOf("forker", 1);
        assertTrue(marked.pids().stream().anyMatch(p -> p != main && Processes.session(p) != main),
                "a worker left the main process's session: " + marked.pids());

        assertEquals(0, jsuperd.ctl("stop", "forker").exit());
        awaitMarked(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup", "process-group"})
    void doubleForkingProgram_isKilledWhole_byShutdown(String mode) throws Exception {
        start(mode, "[watcher:forker]\ncmd = " + doubleForker() + "\nstartsecs = 0\n" + marked.envLine());
        jsuperd.awaitAll("forker", "RUNNING");
        awaitMarked(2);

        assertEquals(0, jsuperd.ctl("shutdown").exit());
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "daemon exits");
        awaitMarked(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup", "process-group"})
    void crashedMainProcess_leavesNoGrandchild(String mode) throws Exception {
        // A worker in the main's group, one in a session of its own; then the main crashes.
        start(mode, "[watcher:crasher]\ncmd = /bin/sh\nargs = -c \"sleep 1000 & setsid sleep 1000 & sleep 1; exit 3\"\n"
                + "startsecs = 0\nautorestart = false\n" + marked.envLine());
        jsuperd.awaitState("crasher", 1, "EXITED");
        awaitMarked(0);
        assertEquals("exit 3", jsuperd.process("crasher", 1).get("last_exit").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup", "process-group"})
    void killModeProcess_leavesWhatACrashedMainStarted(String mode) throws Exception {
        start(mode, "[watcher:crasher]\ncmd = /bin/sh\nargs = -c \"sleep 1000 & sleep 1; exit 3\"\n"
                + "startsecs = 0\nautorestart = false\nkill_mode = process\n" + marked.envLine());
        jsuperd.awaitState("crasher", 1, "EXITED");
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> marked.pids().size() == 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup", "process-group"})
    void daemonKilledWithSigkill_nextDaemonStopsTheOldSet_beforeStartingItsOwn(String mode) throws Exception {
        start(mode, "[watcher:sleeper]\ncmd = sleep 1000\nnumprocesses = 20\nstartsecs = 0\n" + marked.envLine());
        jsuperd.awaitAll("sleeper", "RUNNING");
        awaitMarked(20);
        List<Long> firstSet = marked.pids();

        jsuperd.signalDaemon("KILL");
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(20, marked.pids().size(), "children outlive a killed daemon");

        jsuperd.start();
        jsuperd.awaitAll("sleeper", "RUNNING");
        awaitMarked(20);
        assertTrue(marked.pids().stream().noneMatch(firstSet::contains), "the first set is gone: " + marked.pids());
        assertTrue(jsuperd.daemonLogText().contains("found 20 processes left by a jsuperd that died"),
                jsuperd.daemonLogText());

        assertEquals(0, jsuperd.ctl("shutdown").exit());
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        awaitMarked(0);
    }

    @Test
    void cgroupMode_reportsCpuPerProcess_andRemovesItsCgroupsAtShutdown() throws Exception {
        start("cgroup", "[watcher:spinner]\ncmd = /bin/sh\nargs = -c \"i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; exec sleep 1000\"\n"
                + "startsecs = 0\n" + marked.envLine());
        jsuperd.awaitAll("spinner", "RUNNING");
        await().atMost(WAIT).until(() -> jsuperd.process("spinner", 1).path("cpu_usec").asLong(0) > 0);
        Path base = CgroupHost.v2Mount().orElseThrow();
        assertTrue(Files.isDirectory(base.resolve("jsuper-" + instanceDir(base))), "its cgroup exists");

        assertEquals(0, jsuperd.ctl("shutdown").exit());
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(Files.exists(base.resolve("jsuper-" + instanceDir(base))), "its cgroup is removed");
    }

    @Test
    void memoryMax_withoutTheMemoryController_isRefused_withFileLineAndReason() throws Exception {
        Assumptions.assumeTrue(CgroupHost.whyNoController("memory").isPresent(),
                "this host offers the memory controller in cgroup v2: the refusal cannot be seen here");
        jsuperd = new DaemonHarness(tmp, "[watcher:big]\ncmd = sleep 1000\nmemory_max = 256MB\n");
        Path log = tmp.resolve("refused.log");
        Process p = jsuperd.startRaw(log);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.matches("(?s).*jsuperd\\.ini:\\d+: \\[watcher:big\\] memory_max: memory_max needs the cgroup v2 memory controller.*"), out);
    }

    /** The hashed part of jsuper-&lt;instance&gt; for this test's socket: found by listing, as the daemon logs it. */
    private String instanceDir(Path mount) {
        String text = jsuperd.daemonLogText();
        int at = text.indexOf(mount + "/jsuper-");
        assertTrue(at >= 0, text);
        String rest = text.substring(at + mount.toString().length() + "/jsuper-".length());
        return rest.substring(0, 12);
    }
}
