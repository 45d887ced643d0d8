package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Commands on one process ({@code web:2}) on the manual clock and loop: they set that slot's intent, the
 * watcher converges, the last command wins (a watcher-wide command clears per-process wishes).
 */
class OneProcessIntentTest extends SupervisorOnManualClock {
    private TestWatchers web(int n) {
        TestWatchers web = new TestWatchers();
        web.numprocesses = n;
        web.startsecs = Duration.ZERO;
        return web;
    }

    private List<ProcessState> states() throws Exception {
        return status("web").stream().map(ProcessInfo::state).toList();
    }

    @Test
    void stopOneProcess_onlyThatOneStops_andStaysDownWhileTheWatcherRuns() throws Exception {
        boot(web(3));
        assertEquals(List.of(RUNNING, RUNNING, RUNNING), states());
        CompletableFuture<List<ProcessInfo>> stop = supervisor.stop("web:2", true);
        time.run();
        assertEquals(List.of(RUNNING, STOPPING, RUNNING), states());
        assertEquals(List.of(new FakePosix.Kill(101, Signal.TERM, true)), posix.kills.stream().filter(k -> k.signal() == Signal.TERM).toList());
        exit(101);
        List<ProcessInfo> stopped = now(stop);
        assertEquals(1, stopped.size());
        assertEquals("web:2", stopped.get(0).displayName());
        assertEquals(STOPPED, stopped.get(0).state());
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(RUNNING, STOPPED, RUNNING), states(), "the watcher's reconcile leaves it down");
        assertEquals(3, posix.spawned.size());
    }

    @Test
    void startOneProcess_ofAStoppedWatcher_startsOnlyThatOne_thenWatcherStartClearsTheWish() throws Exception {
        TestWatchers web = web(2);
        web.autostart = false;
        boot(web);
        assertEquals(List.of(STOPPED, STOPPED), states());
        assertEquals(RUNNING, now(supervisor.start("web:2", true)).get(0).state());
        assertEquals(List.of(STOPPED, RUNNING), states());
        ExecutionException again = assertThrows(ExecutionException.class, () -> now(supervisor.start("web:2", false)));
        assertEquals(ErrorCode.ALREADY_STARTED, ((ControlException) again.getCause()).code());
        now(supervisor.start("web", true));
        assertEquals(List.of(RUNNING, RUNNING), states());
        CompletableFuture<List<ProcessInfo>> stopAll = supervisor.stop("web", true);
        time.run();
        exit(100);
        exit(101);
        now(stopAll);
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(STOPPED, STOPPED), states(), "the stop of the watcher overrode the start of web:2");
    }

    @Test
    void restartOneProcess_stopsAndStartsOnlyThatOne() throws Exception {
        boot(web(2));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web:1", true);
        time.run();
        assertEquals(List.of(STOPPING, RUNNING), states());
        exit(100);
        List<ProcessInfo> after = now(restart);
        assertEquals(RUNNING, after.get(0).state());
        assertEquals(102, after.get(0).pid());
        assertEquals(List.of(RUNNING, RUNNING), states());
        assertEquals(101, status("web").get(1).pid(), "web:2 untouched");
        time.advance(Duration.ofMinutes(1));
        assertEquals(3, posix.spawned.size(), "restarted once");
    }

    @Test
    void stopOneDuringItsRestart_endsStopped_andTheRestartWaitIsSuperseded() throws Exception {
        boot(web(2));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web:2", true);
        time.run();
        CompletableFuture<List<ProcessInfo>> stop = supervisor.stop("web:2", true);
        time.run();
        exit(101);
        assertEquals(STOPPED, now(stop).get(0).state());
        ExecutionException e = assertThrows(ExecutionException.class, restart::get);
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) e.getCause()).code());
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(RUNNING, STOPPED), states());
    }

    @Test
    void watcherStartWait_isSupersededWhenOneOfItsProcessesIsStopped() throws Exception {
        TestWatchers web = web(2);
        web.startsecs = Duration.ofSeconds(5);
        boot(web);
        CompletableFuture<List<ProcessInfo>> start = supervisor.restart("web", true);
        time.run();
        now(supervisor.stop("web:1", false));
        ExecutionException e = assertThrows(ExecutionException.class, () -> now(start));
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) e.getCause()).code());
    }

    @Test
    void signalAndStatusOfOneProcess_andBadNames() throws Exception {
        boot(web(2));
        assertEquals(101, now(supervisor.signal("web:2", Signal.HUP)).get(0).pid());
        assertEquals(1, hups());
        assertEquals(List.of("web:2"), status("web:2").stream().map(ProcessInfo::displayName).toList());
        for (String bad : List.of("web:3", "web:0", "nope:1", "web:x")) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> now(supervisor.stop(bad, false)), bad);
            assertEquals(ErrorCode.BAD_NAME, ((ControlException) e.getCause()).code(), bad);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> status("web:3"));
        assertEquals(ErrorCode.BAD_NAME, ((ControlException) e.getCause()).code());
    }

    @Test
    void scaledDown_forgetsTheWishOfAGoneProcess() throws Exception {
        TestWatchers web = web(2);
        boot(web);
        now(supervisor.stop("web:2", false));
        exit(101);
        web.numprocesses = 1;
        file.set(config(web));
        now(supervisor.reloadConfig(false));
        time.run();
        web.numprocesses = 2;
        file.set(config(web));
        now(supervisor.reloadConfig(false));
        exit(100);
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(RUNNING, RUNNING), states(), "the reload's intent, not the old web:2 stop");
    }

    @Test
    void scaleAtRuntime_incrDecrSet_boundedAndDroppedByTheNextReload() throws Exception {
        TestWatchers web = web(2);
        boot(web);
        assertEquals(4, now(supervisor.scale("web", 2, true)));
        time.run();
        assertEquals(List.of(RUNNING, RUNNING, RUNNING, RUNNING), states());
        assertEquals(1, now(supervisor.scale("web", 1, false)));
        time.run();
        assertEquals(List.of(RUNNING, STOPPING, STOPPING, STOPPING), states());
        exit(101);
        exit(102);
        exit(103);
        assertEquals(List.of(RUNNING), states());
        for (int[] bad : new int[][]{{-2, 1}, {10_001, 0}}) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> now(supervisor.scale("web", bad[0], bad[1] == 1)));
            assertEquals(ErrorCode.BAD_REQUEST, ((ControlException) e.getCause()).code());
        }
        ExecutionException all = assertThrows(ExecutionException.class, () -> now(supervisor.scale("all", 1, true)));
        assertEquals(ErrorCode.BAD_REQUEST, ((ControlException) all.getCause()).code());
        now(supervisor.reloadConfig(false)); // unchanged file: the runtime scale still ends
        time.run();
        assertEquals(List.of(RUNNING, RUNNING), states());
    }
}
