package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.DaemonSettings;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.ProbeSpec;
import io.jsuper.jsuperd.config.Probes;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.health.ProbeResult;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.jsuper.jsuperd.core.state.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.*;

/** {@code reload} of a send_hup watcher with a readiness check waits for readiness again, on the manual clock. */
class ReadyAfterHangUpTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final RecordingReaper reaper = new RecordingReaper();
    private boolean healthy = true;
    private Supervisor supervisor;

    private void boot() throws Exception {
        TestWatchers web = new TestWatchers();
        web.sendHup = true;
        web.probes = new Probes(Optional.empty(), Optional.of(new ProbeSpec(ProbeSpec.Kind.TCP, "127.0.0.1:8000",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2, Duration.ZERO, Set.of(), "")),
                Optional.empty(), Duration.ofSeconds(30));
        DaemonSettings daemon = new DaemonSettings(Path.of("/tmp/x.sock"), Optional.empty(), Path.of("/tmp/logs"),
                Optional.empty(), Optional.empty(), "info", Optional.empty(), Optional.empty(), Optional.empty());
        JsuperConfig config = new JsuperConfig(Path.of("/tmp/jsuperd.ini"), daemon, Map.<String, WatcherConfig>of("web", web.build()));
        supervisor = new Supervisor(time, reaper, () -> config, Runnable::run, listener -> new ProcessContext(posix,
                new FakePump(), time, time, new SpawnPlanner(posix, Map.of()), (f, max, backups) -> new DiscardSink(),
                () -> Path.of("/tmp/logs"), listener, spec -> CompletableFuture.completedFuture(healthy
                        ? ProbeResult.passed(1) : ProbeResult.failed("connection refused", 1))));
        supervisor.boot(config);
        time.run();
        time.advance(Duration.ofSeconds(3));
        CompletableFuture<List<ProcessInfo>> s = supervisor.status("web");
        time.run();
        assertEquals(RUNNING, s.get().get(0).state());
    }

    private ControlException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return (ControlException) e.getCause();
    }

    @Test
    void answersOnlyOnceTheCheckPassedAgainAfterTheHup() throws Exception {
        boot();
        CompletableFuture<List<ProcessInfo>> reload = supervisor.reload("web", true);
        time.run();
        assertEquals(1, posix.kills.stream().filter(k -> k.signal() == Signal.HUP).count());
        time.advance(Duration.ofMillis(1500));
        assertFalse(reload.isDone(), "success_threshold 2: one fresh pass is not enough");
        time.advance(Duration.ofSeconds(1));
        assertTrue(reload.isDone() && !reload.isCompletedExceptionally());
        assertEquals(100, reload.get().get(0).pid());
    }

    @Test
    void processThatDiesAfterTheHup_failsTheReloadWithTheReason() throws Exception {
        boot();
        CompletableFuture<List<ProcessInfo>> reload = supervisor.reload("web", true);
        time.run();
        supervisor.childExited(100, ExitStatus.exited(3));
        time.advance(Duration.ofMillis(100));
        ControlException e = failure(reload);
        assertEquals(ErrorCode.ROLLOUT_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("web:1 (pid 100) exited after SIGHUP"), e.getMessage());
    }

    @Test
    void processThatStaysUnready_failsTheReloadAtReadyDeadline() throws Exception {
        boot();
        healthy = false;
        CompletableFuture<List<ProcessInfo>> reload = supervisor.reload("web", true);
        time.run();
        time.advance(Duration.ofSeconds(29));
        assertFalse(reload.isDone());
        time.advance(Duration.ofSeconds(1));
        ControlException e = failure(reload);
        assertEquals("web:1 not ready again within ready_deadline after SIGHUP: readiness: connect 127.0.0.1:8000: "
                + "connection refused", e.getMessage());
    }
}
