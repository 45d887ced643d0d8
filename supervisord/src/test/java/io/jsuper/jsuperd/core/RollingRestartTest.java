package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.DaemonSettings;
import io.jsuper.jsuperd.config.DeploySettings;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Rolling restarts on the manual clock: the watcher wants the next generation with a roll policy, reconcile
 * moves one step at a time, and there are never fewer ready processes than asked for.
 */
class RollingRestartTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final RecordingReaper reaper = new RecordingReaper();
    private final List<String> rollouts = new ArrayList<>();
    private Supervisor supervisor;

    private static TestWatchers web(int processes) {
        TestWatchers web = new TestWatchers();
        web.numprocesses = processes;
        web.startsecs = Duration.ofSeconds(1); // "ready" = RUNNING = startsecs elapsed (no check here)
        web.deploy = new DeploySettings(true, 1, 0, Optional.empty());
        return web;
    }

    private void boot(TestWatchers w) {
        DaemonSettings daemon = new DaemonSettings(Path.of("/tmp/x.sock"), Optional.empty(), Path.of("/tmp/logs"),
                Optional.empty(), Optional.empty(), "info", Optional.empty(), Optional.empty(), Optional.empty());
        JsuperConfig config = new JsuperConfig(Path.of("/tmp/jsuperd.ini"), daemon, Map.<String, WatcherConfig>of(w.name, w.build()));
        supervisor = new Supervisor(time, reaper, () -> config, Runnable::run, owner -> new ProcessContext(posix,
                new FakePump(), time, time, new SpawnPlanner(posix, Map.of()),
                (f, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"), new ProcessContext.ProcessListener() {
                    @Override
                    public void spawned(ProcessSlot slot, int pid) {
                        owner.spawned(slot, pid);
                    }

                    @Override
                    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
                        owner.stateChanged(slot, from, to);
                    }

                    @Override
                    public void rolloutChanged(String watcher, String state, String detail) {
                        rollouts.add(watcher + " " + state + ": " + detail);
                    }
                }, spec -> CompletableFuture.completedFuture(io.jsuper.jsuperd.health.ProbeResult.passed(1))));
        supervisor.boot(config);
        time.run();
        time.advance(Duration.ofSeconds(1));
    }

    private List<ProcessInfo> status() throws Exception {
        CompletableFuture<List<ProcessInfo>> f = supervisor.status("web");
        time.run();
        return f.get();
    }

    /** "wid:pid:STATE" of every process, in status order. */
    private List<String> picture() throws Exception {
        return status().stream().map(p -> p.wid() + ":" + p.pid() + ":" + p.state()).toList();
    }

    private long running() throws Exception {
        return status().stream().filter(p -> p.state() == RUNNING).count();
    }

    private List<Integer> terminated() {
        return posix.kills.stream().filter(k -> k.signal() == Signal.TERM).map(FakePosix.Kill::pid).toList();
    }

    private void exit(int pid, ExitStatus status) {
        supervisor.childExited(pid, status);
        time.run();
    }

    @Test
    void singleProcess_getsASecondDuringTheSwap_andTheOldStopsOnlyOnceTheNewIsReady() throws Exception {
        boot(web(1));
        assertEquals(List.of("1:100:RUNNING"), picture());
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        assertEquals(List.of("1:100:RUNNING", "1:101:STARTING"), picture());
        assertEquals(List.of(), terminated(), "nothing is stopped before the new one is ready");
        time.advance(Duration.ofMillis(999));
        assertEquals(List.of(), terminated());
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("1:101:RUNNING", "1:100:STOPPING"), picture());
        assertEquals(List.of(100), terminated());
        assertTrue(restart.isDone(), "every wid runs the new generation");
        exit(100, ExitStatus.killed(15, false));
        assertEquals(List.of("1:101:RUNNING"), picture());
        assertEquals(List.of("web started: generation 1", "web complete: generation 1"), rollouts);
    }

    @Test
    void twoProcesses_rollOneAtATime_neverFewerThanTwoReady() throws Exception {
        boot(web(2));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        assertEquals(List.of("1:100:RUNNING", "2:101:RUNNING", "1:102:STARTING"), picture(), "max_surge 1");
        for (int step = 0; step < 20; step++) {
            time.advance(Duration.ofMillis(100));
            assertTrue(running() >= 2, "never fewer than numprocesses ready: " + picture());
            for (int pid : terminated()) {
                if (status().stream().anyMatch(p -> p.pid() == pid)) {
                    exit(pid, ExitStatus.killed(15, false));
                }
            }
        }
        assertEquals(List.of("1:102:RUNNING", "2:103:RUNNING"), picture());
        assertEquals(List.of(100, 101), terminated());
        assertEquals(List.of(102, 103), restart.get().stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void newProcessThatFailsToBecomeReady_haltsTheRoll_oldOnesKeepServing_andTheCallFails() throws Exception {
        boot(web(2));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        exit(102, ExitStatus.exited(1)); // the new release does not start
        ExecutionException e = assertThrows(ExecutionException.class, restart::get);
        ControlException failure = (ControlException) e.getCause();
        assertEquals(ErrorCode.ROLLOUT_FAILED, failure.code());
        assertTrue(failure.getMessage().contains("rolling restart of web failed, the old processes keep serving: "
                + "web:1 did not become ready: restarting in 0 ms after"), failure.getMessage());
        // the first failed start is retried at once (backoff 0) before the halt is seen: that retry is stopped
        assertEquals(List.of(103), terminated(), "only the new process is stopped, no old one");
        exit(103, ExitStatus.killed(15, false));
        time.advance(Duration.ofSeconds(30));
        assertEquals(List.of("1:100:RUNNING", "2:101:RUNNING"), picture());
        assertEquals(4, posix.spawned.size(), "nothing more is started");
        assertTrue(rollouts.get(1).startsWith("web failed: web:1 did not become ready"), rollouts.toString());

        // the next command clears the failure; all at once still works
        CompletableFuture<List<ProcessInfo>> again = supervisor.restart("web", true, RestartMode.ALL_AT_ONCE);
        time.run();
        assertEquals(List.of(103, 100, 101), terminated());
        exit(100, ExitStatus.killed(15, false));
        exit(101, ExitStatus.killed(15, false));
        time.advance(Duration.ofSeconds(1));
        assertTrue(again.isDone() && !again.isCompletedExceptionally());
    }

    /** The retry of a broken release often dies by itself (not by the halt's SIGTERM): only the old ones remain. */
    @Test
    void haltedRoll_aRetryThatExitsByItself_leavesOnlyTheOldProcesses() throws Exception {
        boot(web(2));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        exit(102, ExitStatus.exited(1));
        assertThrows(ExecutionException.class, restart::get);
        exit(103, ExitStatus.exited(1));
        time.advance(Duration.ofSeconds(30));
        assertEquals(List.of("1:100:RUNNING", "2:101:RUNNING"), picture());
    }

    @Test
    void readyThroughACheck_isSwappedInOnlyAfterStartsecs_andDyingBeforeThatHaltsTheRoll() throws Exception {
        TestWatchers w = web(1);
        w.startsecs = Duration.ofSeconds(3);
        w.probes = new io.jsuper.jsuperd.config.Probes(Optional.empty(), Optional.of(new io.jsuper.jsuperd.config.ProbeSpec(
                io.jsuper.jsuperd.config.ProbeSpec.Kind.TCP, "127.0.0.1:8000", Duration.ofMillis(500), Duration.ofSeconds(1),
                1, 1, Duration.ZERO, java.util.Set.of(), "")), Optional.empty(), Duration.ofSeconds(30));
        boot(w);
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        assertEquals(List.of("1:100:RUNNING", "1:101:RUNNING"), picture(), "the check passed (on a shared socket "
                + "perhaps through the old process)");
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), terminated(), "not swapped in before startsecs");
        exit(101, ExitStatus.exited(3)); // a broken release dies while booting
        ExecutionException e = assertThrows(ExecutionException.class, restart::get);
        assertEquals(ErrorCode.ROLLOUT_FAILED, ((ControlException) e.getCause()).code());
        time.advance(Duration.ofSeconds(10));
        assertFalse(terminated().contains(100), "the old process keeps serving");
        assertEquals("1:100:RUNNING", picture().get(0));
    }

    @Test
    void readyThroughACheck_isSwappedInAtStartsecs() throws Exception {
        TestWatchers w = web(1);
        w.startsecs = Duration.ofSeconds(3);
        w.probes = new io.jsuper.jsuperd.config.Probes(Optional.empty(), Optional.of(new io.jsuper.jsuperd.config.ProbeSpec(
                io.jsuper.jsuperd.config.ProbeSpec.Kind.TCP, "127.0.0.1:8000", Duration.ofMillis(500), Duration.ofSeconds(1),
                1, 1, Duration.ZERO, java.util.Set.of(), "")), Optional.empty(), Duration.ofSeconds(30));
        boot(w);
        supervisor.restart("web", true);
        time.run();
        time.advance(Duration.ofMillis(2999));
        assertEquals(List.of(), terminated());
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(100), terminated());
    }

    @Test
    void sequential_stopsOneFirst_andStartsItAgainBeforeTheNext() throws Exception {
        boot(web(2));
        supervisor.restart("web", true, RestartMode.SEQUENTIAL);
        time.run();
        assertEquals(List.of(100), terminated(), "max_unavailable 1, no surge: wid 1 is stopped first");
        exit(100, ExitStatus.killed(15, false));
        assertEquals(List.of("1:102:STARTING", "2:101:RUNNING"), picture());
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of(100, 101), terminated(), "wid 2 only once wid 1 is ready again");
    }

    @Test
    void stopDuringARoll_stopsTheNewProcessToo_andTheRestartWaitIsSuperseded() throws Exception {
        boot(web(1));
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        supervisor.stop("web", false);
        time.run();
        assertEquals(java.util.Set.of(100, 101), java.util.Set.copyOf(terminated()));
        ExecutionException e = assertThrows(ExecutionException.class, restart::get);
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) e.getCause()).code());
        exit(101, ExitStatus.killed(15, false));
        exit(100, ExitStatus.killed(15, false));
        assertEquals(List.of("1:0:STOPPED"), picture());
    }

    @Test
    void watcherWithoutChecksOrSockets_restartsAllAtOnce() throws Exception {
        TestWatchers plain = web(2);
        plain.deploy = DeploySettings.DEFAULT;
        boot(plain);
        supervisor.restart("web", false);
        time.run();
        assertEquals(List.of(100, 101), terminated());
    }
}
