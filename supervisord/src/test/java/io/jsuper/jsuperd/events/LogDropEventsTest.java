package io.jsuper.jsuperd.events;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.OutputCounters;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** Log-drop alarms: one event per stream and interval, with the bytes dropped since the last one. */
class LogDropEventsTest {
    private final EventBus bus = new EventBus(100, 2, 100, () -> 1L);
    /** Timers armed and not run yet, with their delays: the test runs them (one pass per interval). */
    private final List<Runnable> armed = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final Scheduler scheduler = new Scheduler() {
        @Override
        public Timer schedule(Duration delay, Runnable task) {
            armed.add(task);
            delays.add(delay);
            return Scheduler.NONE;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }
    };
    private List<ProcessInfo> now = List.of();

    private static ProcessInfo web(int wid, long stdoutDropped, long stderrDropped) {
        return new ProcessInfo("web", wid, ProcessState.RUNNING, 100 + wid, 0, 1, 0, null, null, null, 0,
                new OutputCounters(stdoutDropped, stderrDropped), ResourceUsage.UNKNOWN, List.of());
    }

    /** Runs the one armed pass (an interval went by). */
    private void interval() {
        assertEquals(1, armed.size(), "exactly one pass is armed at a time");
        armed.remove(0).run();
    }

    private List<Map<String, Object>> dropEvents(EventBus.Subscriber s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Event e : s.drain()) {
            assertEquals("log_dropped", e.type());
            out.add(e.data());
        }
        return out;
    }

    @Test
    void growingCounter_givesOneEventPerStreamAndInterval_withTheCountSinceTheLast() {
        LogDropEvents drops = new LogDropEvents(bus, scheduler, () -> CompletableFuture.completedFuture(now),
                Duration.ofSeconds(10));
        EventBus.Subscriber s = bus.subscribe(-1, () -> { });
        drops.start();
        assertEquals(List.of(Duration.ofSeconds(10)), delays);

        now = List.of(web(1, 0, 0), web(2, 0, 0));
        interval();
        assertTrue(s.drain().isEmpty(), "nothing dropped: no event");

        now = List.of(web(1, 4096, 0), web(2, 0, 0)); // many drops within the interval: one event
        interval();
        List<Map<String, Object>> got = dropEvents(s);
        assertEquals(1, got.size());
        assertEquals("web:1", got.get(0).get("process"));
        assertEquals("web", got.get(0).get("watcher"));
        assertEquals("stdout", got.get(0).get("stream"));
        assertEquals(4096L, got.get(0).get("dropped_bytes"));
        assertEquals(4096L, got.get(0).get("total_dropped_bytes"));

        interval();
        assertTrue(s.drain().isEmpty(), "no new drops: no repeat");

        now = List.of(web(1, 5000, 12), web(2, 0, 0));
        interval();
        got = dropEvents(s);
        assertEquals(2, got.size());
        assertEquals(904L, got.get(0).get("dropped_bytes"), "counted since the last event");
        assertEquals("stderr", got.get(1).get("stream"));
        assertEquals(12L, got.get(1).get("dropped_bytes"));
    }

    @Test
    void aCounterStartingAfresh_isABaseline_andAGoneProcessIsForgotten() {
        LogDropEvents drops = new LogDropEvents(bus, scheduler, () -> CompletableFuture.completedFuture(now),
                Duration.ofSeconds(10));
        EventBus.Subscriber s = bus.subscribe(-1, () -> { });
        drops.observe(List.of(web(1, 100, 0)));
        assertEquals(1, dropEvents(s).size());
        drops.observe(List.of(web(1, 30, 0))); // a new sink after a reload counts from 0
        assertTrue(s.drain().isEmpty());
        drops.observe(List.of(web(1, 50, 0)));
        assertEquals(20L, dropEvents(s).get(0).get("dropped_bytes"));
        drops.observe(List.of());
        drops.observe(List.of(web(1, 50, 0))); // removed and added again: its counters are new
        assertEquals(50L, dropEvents(s).get(0).get("dropped_bytes"));
    }

    @Test
    void aFailedRead_skipsThePass_andStopEndsThem() {
        CompletableFuture<List<ProcessInfo>> failed = CompletableFuture.failedFuture(new IllegalStateException("x"));
        LogDropEvents drops = new LogDropEvents(bus, scheduler, () -> failed, Duration.ofSeconds(10));
        drops.start();
        interval();
        assertEquals(1, armed.size(), "the next pass is armed all the same");
        drops.stop();
        interval();
        assertTrue(armed.isEmpty(), "stopped: nothing armed any more");
    }
}
