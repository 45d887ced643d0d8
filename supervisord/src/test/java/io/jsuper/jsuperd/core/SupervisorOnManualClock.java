package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.DaemonSettings;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnRequest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the core tests that drive a whole {@link Supervisor} on the manual clock and loop, with a fake
 * posix layer: boot it on some watchers, ask for status, deliver exits, look at what was spawned and signalled.
 */
abstract class SupervisorOnManualClock {
    protected final ManualScheduler time = new ManualScheduler();
    protected final FakePosix posix = new FakePosix();
    /** The config file as the next reload reads it. */
    protected final AtomicReference<JsuperConfig> file = new AtomicReference<>();
    protected final RecordingReaper reaper = new RecordingReaper();
    protected final List<Integer> reaped = reaper.reaped;
    protected Supervisor supervisor;

    protected static JsuperConfig config(TestWatchers... watchers) {
        Map<String, WatcherConfig> map = new LinkedHashMap<>();
        for (TestWatchers w : watchers) {
            map.put(w.name, w.build());
        }
        DaemonSettings daemon = new DaemonSettings(Path.of("/tmp/x.sock"), Optional.empty(), Path.of("/tmp/logs"),
                Optional.empty(), Optional.empty(), "info", Optional.empty(), Optional.empty(), Optional.empty());
        return new JsuperConfig(Path.of("/tmp/jsuperd.ini"), daemon, map);
    }

    /** Starts a supervisor on {@code watchers} and lets the loop run what boot scheduled for now. */
    protected void boot(TestWatchers... watchers) {
        file.set(config(watchers));
        supervisor = new Supervisor(time, reaper, file::get, Runnable::run, listener -> new ProcessContext(posix,
                new FakePump(), time, time, new SpawnPlanner(posix, Map.of()),
                (f, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"), listener));
        supervisor.boot(file.get());
        time.run();
    }

    /** Runs the loop, then the answer of {@code future}, which must be there by then. */
    protected <T> T now(CompletableFuture<T> future) throws Exception {
        time.run();
        assertTrue(future.isDone(), "answered on the loop's next turns");
        return future.get();
    }

    protected List<ProcessInfo> status(String name) throws Exception {
        return now(supervisor.status(name));
    }

    protected ProcessState state(String name, int wid) throws Exception {
        return status(name).get(wid - 1).state();
    }

    /** Delivers an exit (SIGTERM) for {@code pid}, as the reaper would. */
    protected void exit(int pid) {
        supervisor.childExited(pid, ExitStatus.killed(15, false));
        time.run();
    }

    /** The last argument of every spawn so far (the tests' watchers differ by their args). */
    protected List<String> argsOfSpawns() {
        return posix.spawned.stream().map(SpawnRequest::argv).map(a -> a.get(a.size() - 1)).toList();
    }

    protected long hups() {
        return posix.kills.stream().filter(k -> k.signal() == Signal.HUP).count();
    }
}
