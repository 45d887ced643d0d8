package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.DaemonSettings;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The supervisor on its real loop thread, with the OS faked: commands, waits and exits routed by pid. */
class SupervisorTest {
    private final SupervisorLoop loop = new SupervisorLoop();
    private final FakePosix posix = new FakePosix();
    private final RecordingReaper reaper = new RecordingReaper();
    private final List<Integer> reaped = reaper.reaped;
    private Supervisor supervisor;

    @AfterEach
    void stopLoop() {
        loop.close();
    }

    private void boot(TestWatchers... watchers) throws Exception {
        boot(null, Runnable::run, watchers);
    }

    /** {@code unchanged}: what the config source's unchangedOrNull answers (null: the file must be read). */
    private void boot(Boolean unchanged, java.util.concurrent.Executor parser, TestWatchers... watchers) throws Exception {
        Map<String, io.jsuper.jsuperd.config.WatcherConfig> map = new java.util.LinkedHashMap<>();
        for (TestWatchers w : watchers) {
            map.put(w.name, w.build());
        }
        DaemonSettings daemon = new DaemonSettings(Path.of("/tmp/x.sock"), Optional.empty(), Path.of("/tmp/logs"),
                Optional.empty(), Optional.empty(), "info", Optional.empty(), Optional.empty(), Optional.empty());
        JsuperConfig config = new JsuperConfig(Path.of("/tmp/jsuperd.ini"), daemon, map);
        ConfigSource source = new ConfigSource() {
            @Override
            public JsuperConfig load() {
                return config;
            }

            @Override
            public JsuperConfig unchangedOrNull() {
                return Boolean.TRUE.equals(unchanged) ? config : null;
            }
        };
        supervisor = new Supervisor(loop, reaper, source, parser, listener -> new ProcessContext(posix, new FakePump(), loop,
                Clock.SYSTEM, new SpawnPlanner(posix, Map.of()),
                (file, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"), listener));
        supervisor.boot(config).get(5, TimeUnit.SECONDS);
    }

    private List<ProcessInfo> status(String name) throws Exception {
        return supervisor.status(name).get(5, TimeUnit.SECONDS);
    }

    /** Delivers the exit of every process the supervisor has signalled, as the reaper would. */
    private void exitSignalledChildren() {
        Set<Integer> pids = new java.util.HashSet<>();
        synchronized (posix.kills) {
            posix.kills.forEach(k -> pids.add(k.pid()));
        }
        pids.removeAll(reaped);
        pids.forEach(pid -> supervisor.childExited(pid, ExitStatus.killed(15, false)));
    }

    @Test
    void restartOfSeveralProcesses_spawnsExactlyOneNewChildEach() throws Exception {
        TestWatchers web = new TestWatchers();
        web.numprocesses = 2;
        // A non-zero startsecs keeps the respawned slot in STARTING, where a re-entrant start once spawned twice.
        web.startsecs = Duration.ofMillis(100);
        boot(web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").stream().allMatch(p -> p.state() == ProcessState.RUNNING));
        var restarted = supervisor.restart("web", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 2);
        exitSignalledChildren();
        List<ProcessInfo> after = restarted.get(5, TimeUnit.SECONDS);
        assertEquals(4, posix.spawned.size(), "two first spawns and one respawn per process");
        assertEquals(List.of(ProcessState.RUNNING, ProcessState.RUNNING), after.stream().map(ProcessInfo::state).toList());
        assertEquals(List.of(102, 103), status("web").stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void reloadOfAll_restartsEveryWatcherWithoutSendHup_andWaitsUntilRunning() throws Exception {
        TestWatchers a = new TestWatchers();
        a.name = "a";
        a.startsecs = Duration.ofMillis(100);
        TestWatchers b = new TestWatchers();
        b.name = "b";
        b.startsecs = Duration.ofMillis(100);
        boot(a, b);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("all").stream().allMatch(p -> p.state() == ProcessState.RUNNING));
        var reloaded = supervisor.reload("all", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 2);
        exitSignalledChildren();
        List<ProcessInfo> after = reloaded.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(ProcessState.RUNNING, ProcessState.RUNNING), after.stream().map(ProcessInfo::state).toList());
        assertEquals(4, posix.spawned.size());
    }

    @Test
    void statusAfterACommand_seesItsEffect_andAnUnchangedModelIsServedFromTheSnapshot() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").get(0).state() == ProcessState.RUNNING);
        long generation = loop.generation();
        assertEquals(ProcessState.RUNNING, status("web").get(0).state());
        assertEquals(generation, loop.generation(), "a status read of an unchanged model runs nothing on the loop");
        supervisor.stop("web", false).get(5, TimeUnit.SECONDS);
        assertEquals(ProcessState.STOPPING, status("web").get(0).state(), "no stale snapshot after a command");
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> supervisor.status("nope").get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.BAD_NAME, ((ControlException) e.getCause()).code());
    }

    @Test
    void restart_ofAnUnchangedConfigFile_goesStraightToTheLoop() throws Exception {
        java.util.concurrent.atomic.AtomicInteger parses = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor countingParser = task -> {
            parses.incrementAndGet();
            task.run();
        };
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(true, countingParser, web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").get(0).state() == ProcessState.RUNNING);
        var restarted = supervisor.restart("web", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 1);
        exitSignalledChildren();
        assertEquals(ProcessState.RUNNING, restarted.get(5, TimeUnit.SECONDS).get(0).state());
        assertEquals(0, parses.get(), "an unchanged file is not handed to the parser thread");
    }

    @Test
    void restart_ofAChangedConfigFile_readsItOnTheParserThread() throws Exception {
        java.util.concurrent.atomic.AtomicInteger parses = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor countingParser = task -> {
            parses.incrementAndGet();
            task.run();
        };
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(null, countingParser, web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").get(0).state() == ProcessState.RUNNING);
        var restarted = supervisor.restart("web", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 1);
        exitSignalledChildren();
        assertEquals(ProcessState.RUNNING, restarted.get(5, TimeUnit.SECONDS).get(0).state());
        assertEquals(1, parses.get());
    }

    @Test
    void loopLagProbe_ofAMetricsScrape_doesNotOutdateTheStatusSnapshot() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").get(0).state() == ProcessState.RUNNING);
        long generation = loop.generation();
        assertTrue(supervisor.loopLagNanos().get(5, TimeUnit.SECONDS) >= 0);
        assertEquals(generation, loop.generation(), "the lag probe ran on the loop without counting as a change");
        assertEquals(ProcessState.RUNNING, status("web").get(0).state());
        assertEquals(generation, loop.generation(), "the next status read is served from the same snapshot");
    }

    @Test
    void startOfARunningWatcher_isAlreadyStarted_andUnknownNameIsBadName() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web").get(0).state() == ProcessState.RUNNING);
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> supervisor.start("web", false).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ALREADY_STARTED, ((ControlException) e.getCause()).code());
        e = assertThrows(java.util.concurrent.ExecutionException.class, () -> supervisor.status("nope").get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.BAD_NAME, ((ControlException) e.getCause()).code());
        assertEquals("no such watcher: nope", e.getCause().getMessage());
    }

    @Test
    void shutdown_stopsLowestPriorityFirst_andCompletesWhenAllStopped() throws Exception {
        TestWatchers high = new TestWatchers();
        high.name = "high";
        high.priority = 10;
        high.startsecs = Duration.ZERO;
        TestWatchers low = new TestWatchers();
        low.name = "low";
        low.startsecs = Duration.ZERO;
        boot(low, high);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("all").stream().allMatch(p -> p.state() == ProcessState.RUNNING));
        int highPid = status("high").get(0).pid();
        int lowPid = status("low").get(0).pid();
        var done = supervisor.shutdown();
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 1);
        assertEquals(lowPid, posix.kills.get(0).pid(), "low priority is stopped first");
        exitSignalledChildren();
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.stream().anyMatch(k -> k.pid() == highPid));
        exitSignalledChildren();
        done.get(5, TimeUnit.SECONDS);
        assertTrue(supervisor.terminated().isDone());
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> supervisor.start("low", false).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.SHUTTING_DOWN, ((ControlException) e.getCause()).code());
    }

    @Test
    void shutdownBegun_completesBeforeAnyWatcherIsStopped() throws Exception {
        TestWatchers w = new TestWatchers();
        w.startsecs = Duration.ZERO;
        boot(w);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("all").stream().allMatch(p -> p.state() == ProcessState.RUNNING));
        List<Integer> killsWhenBegun = new ArrayList<>();
        supervisor.shutdownBegun().thenRun(() -> killsWhenBegun.add(posix.kills.size()));
        assertFalse(supervisor.shutdownBegun().isDone());
        supervisor.shutdown();
        await().atMost(Duration.ofSeconds(5)).until(() -> posix.kills.size() == 1);
        assertEquals(List.of(0), killsWhenBegun, "STOPPING=1 hangs on this: it must come before the first stop signal");
        assertFalse(supervisor.terminated().isDone());
        exitSignalledChildren();
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.terminated().isDone());
    }

}
