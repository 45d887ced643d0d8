package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 8's lifecycle defects as they were seen on the real daemon: commands set what is wanted and the
 * daemon converges, with real processes, signals and the real client.
 */
class DesiredStateE2ETest extends DaemonE2ETest {
    /** Every child of these tests carries this in its environment, so leftovers can be found (and killed). */
    private final String mark = "JSUPER_E2E_MARK=" + UUID.randomUUID();

    @AfterEach
    void killLeftoversByMark() throws Exception {
        for (long pid : Processes.withEnvironmentEntry(mark)) {
            Processes.kill(pid, "KILL");
        }
    }

    private String env() {
        return "env = " + mark + "\n";
    }

    private DaemonHarness start(String watchers) throws Exception {
        jsuperd = new DaemonHarness(tmp, watchers).start();
        return jsuperd;
    }

    private static String lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void warmupThenReload_leavesNoChildOfTheOldConfig_andNothingSurvivesShutdown() throws Exception {
        // defect 1: an old warmup timer spawned a `sleep` that status never showed and that survived shutdown
        String watcher = """
                [watcher:warm]
                cmd = sleep
                args = %s
                numprocesses = 3
                warmup_delay = 1.5
                startsecs = 0
                """ + env();
        start(watcher.formatted("1001"));
        jsuperd.awaitState("warm", 1, "RUNNING");
        jsuperd.writeConfig(watcher.formatted("1002"));
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.processesOf("warm").stream()
                .allMatch(p -> p.get("state").asText().equals("RUNNING")
                        && Processes.cmdline(p.get("pid").asLong()).equals("sleep 1002")));
        List<Long> known = jsuperd.processesOf("warm").stream().map(p -> p.get("pid").asLong()).sorted().toList();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> Processes.withEnvironmentEntry(mark).stream().sorted().toList().equals(known));
        assertEquals(0, jsuperd.ctl("shutdown").exit());
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of(), Processes.withEnvironmentEntry(mark), "nothing of the watcher outlives the daemon");
    }

    @Test
    void stopDuringRestart_endsStopped() throws Exception {
        // defect 2: the restart's follow-up started the watcher again after the stop
        start("""
                [watcher:slow]
                cmd = /bin/sh
                args = -c "trap '' TERM; exec sleep 1000"
                graceful_timeout = 2
                startsecs = 0
                """ + env());
        jsuperd.awaitState("slow", 1, "RUNNING");
        assertEquals(200, jsuperd.post("/services/slow/restart").status());
        assertEquals("STOPPING", jsuperd.state("slow", 1));
        DaemonHarness.Ctl stop = jsuperd.ctl("stop", "slow");
        assertEquals(0, stop.exit(), stop.toString());
        assertEquals(List.of("slow:1: stopped"), stop.out().lines().toList());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> jsuperd.state("slow", 1).equals("STOPPED"));
        assertEquals(List.of(), Processes.withEnvironmentEntry(mark));
    }

    @Test
    void update_withNoChange_sendsNoSighup_andTheDaemonsSighupForwardsExactlyOne() throws Exception {
        // defect 4: `jsuperctl update` with no change sent SIGHUP twice to every send_hup watcher
        Path hups = tmp.resolve("hups");
        start("""
                [watcher:hup]
                cmd = /bin/sh
                args = -c "trap 'echo hup >> %s' HUP; while :; do sleep 0.1; done"
                send_hup = true
                startsecs = 0.5
                """.formatted(hups) + env());
        jsuperd.awaitState("hup", 1, "RUNNING");
        DaemonHarness.Ctl update = jsuperd.ctl("update");
        assertEquals(0, update.exit(), update.toString());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> lines(hups).isEmpty());
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(hups).equals("hup\n"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> lines(hups).equals("hup\n"));
    }

    @Test
    void startAll_actsOnEveryWatcher_printsALinePerProcess_andExit1WhenOneFails() throws Exception {
        // defect 5: rc 1 in 0.11 s, the others left STARTING, no per-process lines
        start("""
                [watcher:ghost]
                cmd = /nonexistent/ghost
                autostart = false
                max_retry = 0
                priority = 10

                [watcher:good]
                cmd = sleep 1000
                numprocesses = 2
                autostart = false
                startsecs = 1
                """ + env());
        DaemonHarness.Ctl all = jsuperd.ctl("start", "all");
        assertEquals(1, all.exit(), all.toString());
        List<String> out = all.out().lines().toList();
        assertEquals(4, out.size(), all.toString()); // a line per process, then the summary
        assertTrue(out.get(0).startsWith("ghost:1: ERROR (FATAL: could not start"), out.get(0));
        assertEquals(List.of("good:1: started", "good:2: started"), out.subList(1, 3));
        assertTrue(out.get(3).startsWith("start all: 3 processes, 2 started, 1 failed (ghost:1) in "), out.get(3));
        assertEquals("RUNNING", jsuperd.state("good", 2));
        DaemonHarness.Ctl again = jsuperd.ctl("stop", "all");
        assertEquals(0, again.exit(), again.toString());
        assertEquals(4, again.out().lines().count(), again.toString());
    }

    @Test
    void oneShotProgram_exitingAtOnce_isExited_andNotRunAgain() throws Exception {
        // defect 6: it ran 6 times and ended FATAL "exit 0"
        Path runs = tmp.resolve("runs");
        start("""
                [watcher:job]
                cmd = /bin/sh
                args = -c "echo ran >> %s"
                respawn = false
                startsecs = 1
                """.formatted(runs) + env());
        jsuperd.awaitState("job", 1, "EXITED");
        JsonNode p = jsuperd.process("job", 1);
        assertEquals("exit 0", p.get("last_exit").asText());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> lines(runs).equals("ran\n"));
        assertEquals(1, jsuperd.process("job", 1).get("start_count").asInt());
    }

    @Test
    void reloadWhileStopping_theNewestConfigWins() throws Exception {
        // defect 10: the second change was refused ("must be stopped"), swallowed, and kept stale for good
        String watcher = """
                [watcher:stubborn]
                cmd = /bin/sh
                args = -c "trap '' TERM; exec sleep %s"
                graceful_timeout = 3
                startsecs = 0
                """ + env();
        start(watcher.formatted("1001"));
        jsuperd.awaitState("stubborn", 1, "RUNNING");
        jsuperd.writeConfig(watcher.formatted("1002"));
        jsuperd.signalDaemon("HUP");
        jsuperd.awaitState("stubborn", 1, "STOPPING");
        jsuperd.writeConfig(watcher.formatted("1003"));
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.state("stubborn", 1).equals("RUNNING")
                && Processes.cmdline(jsuperd.pidOf("stubborn", 1)).equals("sleep 1003"));
        JsonNode preview = jsuperd.get("/reload?dry_run=true");
        assertEquals("[\"stubborn\"]", preview.get("unchanged").toString(), preview.toString());
        assertEquals(1, Processes.withEnvironmentEntry(mark).size(), "one process, of the newest config");
    }

    @Test
    void crashAfterRunning_isRestartedWithBackoff_neverFatalByDefault_andTheCountIsVisible() throws Exception {
        // defect 7: six crashes without a 60 s stable run left a service that once ran down for good
        start("""
                [watcher:flaky]
                cmd = /bin/sh
                args = -c "sleep 0.3; exit 1"
                startsecs = 0.1
                max_retry = 1
                backoff_initial = 0.05
                backoff_max = 0.2
                """ + env());
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.process("flaky", 1).get("restarts").asInt() >= 8);
        JsonNode p = jsuperd.process("flaky", 1);
        assertNotEquals("FATAL", p.get("state").asText(), p.toString());
        assertTrue(p.has("backoff_ms"), p.toString());
        DaemonHarness.Ctl status = jsuperd.ctl("--json", "status", "flaky");
        assertTrue(status.out().contains("\"restarts\""), status.toString());
    }
}
