package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@code jsuperctl events [-f] [--json]} and {@code jsuperctl stats NAME} against the built daemon. */
class EventsAndStatsCtlE2ETest extends DaemonE2ETest {

    @Test
    void events_printsKeptOnes_andFollowPrintsNewOnesAsTheyHappen() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                """).start();
        jsuperd.awaitState("web", 1, "RUNNING");
        DaemonHarness.Ctl kept = jsuperd.ctl("events");
        assertEquals(0, kept.exit(), kept.toString());
        assertTrue(kept.out().lines().anyMatch(l -> l.contains("state") && l.contains("web:1")
                && l.contains("STARTING -> RUNNING")), kept.out());
        DaemonHarness.Ctl json = jsuperd.ctl("events", "--json");
        assertTrue(json.out().lines().anyMatch(l -> l.startsWith("{\"id\":") && l.contains("\"to\":\"RUNNING\"")), json.out());

        TailFollower follower = new TailFollower(jsuperd, tmp, List.of("--socket", jsuperd.socket.toString(),
                "events", "-f", "--json"));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                jsuperd.post("/services/web/restart");
                return follower.lines.stream().anyMatch(l -> l.contains("\"to\":\"STOPPING\""));
            });
            assertTrue(follower.lines.stream().allMatch(l -> l.startsWith("{")), follower.lines.toString());
        } finally {
            follower.process.destroy(); // the pid we started
            follower.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stats_showsCpuMemoryThreadsAndFdsOfEachProcess() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                numprocesses = 2
                """).start();
        jsuperd.awaitAll("web", "RUNNING");
        DaemonHarness.Ctl stats = jsuperd.ctl("stats", "web");
        assertEquals(0, stats.exit(), stats.toString());
        List<String> rows = stats.out().lines().toList();
        assertTrue(rows.get(0).startsWith("NAME"), stats.out());
        String row = rows.stream().filter(l -> l.startsWith("web:2")).findFirst().orElseThrow();
        assertTrue(row.contains(Long.toString(jsuperd.pidOf("web", 2))), row);
        assertTrue(row.matches(".*RUNNING\\s+\\d+\\.\\d\\ds\\s+\\d+(\\.\\d)?[KMG]?i?B\\s+1\\s+\\d+.*"), row);
        DaemonHarness.Ctl json = jsuperd.ctl("--json", "stats", "web:1");
        assertTrue(json.out().contains("\"threads\":1"), json.out());
        assertEquals(4, jsuperd.ctl("stats", "nosuch").exit());
        jsuperd.post("/services/web/stop");
        jsuperd.awaitAll("web", "STOPPED");
        assertEquals(3, jsuperd.ctl("stats", "web").exit(), "nothing runs");
    }
}
