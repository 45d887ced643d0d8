package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ProbeSpec;
import io.jsuper.jsuperd.config.Probes;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeResult;
import io.jsuper.jsuperd.health.ProbeRunner;
import io.jsuper.jsuperd.health.ProbeStatus;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static org.junit.jupiter.api.Assertions.*;

/** Health checks of a slot on the manual clock: readiness gates RUNNING, liveness restarts, timers die with the child. */
class SlotHealthTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final TestWatchers config = new TestWatchers();
    /** Checks asked for and not answered yet, oldest first: the test answers them. */
    private final Deque<CompletableFuture<ProbeResult>> asked = new ArrayDeque<>();
    private final ProbeRunner runner = spec -> {
        CompletableFuture<ProbeResult> f = new CompletableFuture<>();
        asked.add(f);
        return f;
    };
    private final ProcessContext ctx = new ProcessContext(posix, new FakePump(), time, time,
            new SpawnPlanner(posix, Map.of()), (file, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"),
            new ProcessContext.ProcessListener() {
                @Override
                public void spawned(ProcessSlot slot, int pid) {
                }

                @Override
                public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
                }
            }, runner);

    private static ProbeSpec tcp(int failureThreshold, int successThreshold) {
        return new ProbeSpec(ProbeSpec.Kind.TCP, "127.0.0.1:8000", Duration.ofSeconds(2), Duration.ofSeconds(1),
                failureThreshold, successThreshold, Duration.ofMillis(500), Set.of(), "");
    }

    private ProcessSlot slotWith(Optional<ProbeSpec> readiness, Optional<ProbeSpec> liveness) {
        config.probes = new Probes(Optional.empty(), readiness, liveness, Duration.ofSeconds(30));
        return new ProcessSlot(ctx, config.build(), 1);
    }

    private void answer(boolean ok) {
        assertFalse(asked.isEmpty(), "no check was asked for");
        asked.poll().complete(ok ? ProbeResult.passed(3) : ProbeResult.failed("connection refused", 1));
        time.run();
    }

    @Test
    void readinessGatesRunning_notStartsecs() {
        ProcessSlot slot = slotWith(Optional.of(tcp(3, 2)), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(5)); // far past startsecs (1 s); first check after initial_delay
        assertEquals(STARTING, slot.state());
        answer(true);
        assertEquals(STARTING, slot.state(), "success_threshold is 2");
        time.advance(Duration.ofSeconds(2));
        answer(true);
        assertEquals(RUNNING, slot.state());
        ProbeStatus s = slot.info().probes().get(0);
        assertEquals("readiness", s.role());
        assertTrue(s.passing());
        assertEquals(2, s.consecutiveSuccesses());
    }

    @Test
    void statusCarriesTheTimeOfTheLastCheck_asAnAgeWhenRead() {
        ProcessSlot slot = slotWith(Optional.empty(), Optional.of(tcp(3, 1)));
        slot.fire(ProcessEvent.START_REQUESTED);
        StatusSnapshot.SlotView before = slot.view();
        assertEquals(-1, before.at(time.nanoTime(), StatusSnapshot.NO_USAGE).probes().get(0).lastCheckAgeMillis(),
                "no check yet: no time");
        time.advance(Duration.ofMillis(500));
        answer(false);
        long checkedAt = time.nanoTime();
        StatusSnapshot.SlotView view = slot.view();
        time.advance(Duration.ofMillis(250)); // next check is due at 1.5 s: nothing runs
        ProbeStatus s = view.at(time.nanoTime(), StatusSnapshot.NO_USAGE).probes().get(0);
        assertEquals(checkedAt, s.lastCheckNanos());
        assertEquals(250, s.lastCheckAgeMillis(), "the age is computed when the snapshot is read");
        assertEquals(1_000_000 - 250, s.lastCheckEpochMillis(1_000_000));
        assertEquals(1, s.consecutiveFailures());
        assertEquals(1, s.lastLatencyMillis());
        assertEquals("connection refused", s.lastResult());
    }

    @Test
    void childStoppedBeforeItsCheckPassed_doesNotKeepTheNextChildFromBecomingReady() {
        // regression: the checks of earlier children stayed in the gate, so one that never passed (a child
        // stopped while STARTING) made every later child fail its ready_deadline ("never checked")
        ProcessSlot slot = slotWith(Optional.of(tcp(3, 1)), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        assertEquals(STOPPED, slot.state());
        asked.clear();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofMillis(500));
        answer(true);
        assertEquals(RUNNING, slot.state());
        assertEquals(1, slot.info().probes().size(), "status shows the current child's checks only");
    }

    @Test
    void readinessNeverPasses_failedStartAfterDeadline_thenBackoff() {
        ProcessSlot slot = slotWith(Optional.of(tcp(3, 1)), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofMillis(500));
        answer(false);
        time.advance(Duration.ofSeconds(30));
        assertEquals(STOPPING, slot.state());
        assertEquals(new FakePosix.Kill(100, Signal.TERM, true), posix.kills.get(posix.kills.size() - 1));
        assertTrue(slot.reason().startsWith("not ready within ready_deadline (30000 ms): readiness: connect"),
                slot.reason());
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        assertEquals(STARTING, slot.state(), "first retry without delay (the usual backoff)");
        assertTrue(slot.reason().contains("not ready within ready_deadline"), slot.reason());
        assertEquals(2, posix.spawned.size());
        assertEquals(1, slot.info().restarts());
    }

    @Test
    void livenessFailingThreeTimes_stopsThenRestartsLikeACrash() {
        ProcessSlot slot = slotWith(Optional.empty(), Optional.of(tcp(3, 1)));
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(1));
        assertEquals(RUNNING, slot.state(), "no readiness check: startsecs decides");
        answer(false);
        time.advance(Duration.ofSeconds(2));
        answer(false);
        assertEquals(RUNNING, slot.state());
        time.advance(Duration.ofSeconds(2));
        answer(false);
        assertEquals(STOPPING, slot.state());
        assertEquals("liveness: connect 127.0.0.1:8000: connection refused (3 in a row)", slot.reason());
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        assertEquals(STARTING, slot.state(), "restarted through the restart budget");
        assertTrue(slot.reason().contains("liveness: connect"), slot.reason());
        assertEquals(1, slot.info().restarts());
    }

    @Test
    void successResetsFailureCount() {
        ProcessSlot slot = slotWith(Optional.empty(), Optional.of(tcp(2, 1)));
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(1));
        answer(false);
        time.advance(Duration.ofSeconds(2));
        answer(true);
        time.advance(Duration.ofSeconds(2));
        answer(false);
        assertEquals(RUNNING, slot.state());
    }

    @Test
    void lateResultForAGoneChild_isDropped_andNoTimerOutlivesIt() {
        ProcessSlot slot = slotWith(Optional.of(tcp(3, 1)), Optional.of(tcp(3, 1)));
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofMillis(500));
        assertEquals(2, asked.size());
        slot.childExited(ExitStatus.exited(1));
        assertEquals(STARTING, slot.state(), "retried at once");
        answer(true);
        answer(true);
        assertEquals(STARTING, slot.state(), "results for the old child change nothing");
        assertEquals(0, slot.info().probes().get(0).checks());
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        assertEquals(STOPPED, slot.state());
        assertEquals(0, time.pending(), "no check or deadline timer left");
    }

    @Test
    void watcherStopDuringUnhealthyStop_endsStopped_notRestarted() {
        config.probes = new Probes(Optional.empty(), Optional.empty(), Optional.of(tcp(1, 1)), Duration.ofSeconds(30));
        Watcher watcher = new Watcher(ctx, config.build(), w -> { });
        watcher.start();
        time.advance(Duration.ofSeconds(1));
        ProcessSlot slot = watcher.slots().get(0);
        answer(false);
        assertEquals(STOPPING, slot.state());
        watcher.stop();
        slot.childExited(ExitStatus.killed(Signal.TERM.number(), false));
        time.run();
        assertEquals(STOPPED, slot.state());
        assertEquals(1, posix.spawned.size());
    }

    private static ProbeSpec exec(String command, Duration timeout) {
        return new ProbeSpec(ProbeSpec.Kind.EXEC, command, Duration.ofSeconds(2), timeout, 1, 1, Duration.ZERO,
                Set.of(), "");
    }

    @Test
    void execReadiness_runsTheCommandAsASideChild_exitZeroMakesRunning() {
        ProcessSlot slot = slotWith(Optional.of(exec("/bin/true --check 'a b'", Duration.ofSeconds(1))),
                Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.run();
        assertEquals(2, posix.spawned.size(), "the process, then its check");
        var check = posix.spawned.get(1);
        assertEquals(java.util.List.of("/bin/true", "--check", "a b"), check.argv(), "split like cmd, no shell");
        assertTrue(check.mergeStderr());
        assertEquals("1", check.env().get("JSUPER_CHECK"));
        assertEquals(STARTING, slot.state());
        assertTrue(ctx.commands().exited(101, ExitStatus.exited(0)));
        time.run();
        assertEquals(RUNNING, slot.state());
        assertEquals("ok", slot.info().probes().get(0).lastResult());
        assertTrue(posix.kills.contains(new FakePosix.Kill(101, Signal.KILL, true)),
                "what the check left in its group is killed while its zombie pins the group");
    }

    @Test
    void execCheck_outlivingItsTimeout_isKilledWithItsGroup_andFails() {
        ProcessSlot slot = slotWith(Optional.of(exec("/bin/sleep 100", Duration.ofMillis(700))), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.run();
        time.advance(Duration.ofMillis(700));
        assertTrue(posix.kills.contains(new FakePosix.Kill(101, Signal.KILL, true)), posix.kills.toString());
        assertTrue(ctx.commands().exited(101, ExitStatus.killed(Signal.KILL.number(), false)));
        time.run();
        assertEquals(STARTING, slot.state());
        assertEquals("timed out after 700 ms", slot.info().probes().get(0).lastResult());
        assertEquals(0, ctx.commands().runningCount());
    }

    @Test
    void execCheck_failing_showsTheExitAndIsRetriedOnItsInterval() {
        ProcessSlot slot = slotWith(Optional.of(exec("/bin/false", Duration.ofSeconds(1))), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.run();
        ctx.commands().exited(101, ExitStatus.exited(3));
        time.run();
        assertEquals("exit 3", slot.info().probes().get(0).lastResult());
        time.advance(Duration.ofSeconds(2));
        assertEquals(3, posix.spawned.size(), "checked again after its interval");
    }

    @Test
    void notifyReadiness_passesOnReady1_notOnOtherMessages() {
        ProbeSpec notify = new ProbeSpec(ProbeSpec.Kind.NOTIFY, "", Duration.ofSeconds(10), Duration.ofSeconds(1),
                3, 1, Duration.ZERO, Set.of(), "");
        ProcessSlot slot = slotWith(Optional.of(notify), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(20));
        assertEquals(STARTING, slot.state(), "startsecs does not count, and nothing is polled");
        assertEquals(1, posix.spawned.size());
        slot.notified(Map.of("STATUS", "loading"));
        assertEquals(STARTING, slot.state());
        slot.notified(Map.of("READY", "1", "STATUS", "serving"));
        assertEquals(RUNNING, slot.state());
        assertEquals("READY=1: serving", slot.info().probes().get(0).lastResult());
    }

    @Test
    void notifyReadiness_neverSent_isAFailedStartAfterTheDeadline() {
        ProbeSpec notify = new ProbeSpec(ProbeSpec.Kind.NOTIFY, "", Duration.ofSeconds(10), Duration.ofSeconds(1),
                3, 1, Duration.ZERO, Set.of(), "");
        ProcessSlot slot = slotWith(Optional.of(notify), Optional.empty());
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(30));
        assertEquals(STOPPING, slot.state());
        assertTrue(slot.reason().contains("readiness: notify READY=1: the process sent no READY=1"), slot.reason());
    }

    @Test
    void checkTimersEndOnTicks_soThatChecksDueTogetherShareAWakeUp() {
        long tick = SlotHealth.TICK_NANOS;
        assertEquals(Duration.ofSeconds(1), SlotHealth.onTick(Duration.ofSeconds(1), 5 * tick), "already on a tick");
        assertEquals(Duration.ofNanos(1_000_000_000L + tick - 1), SlotHealth.onTick(Duration.ofSeconds(1), 5 * tick + 1));
        assertEquals(Duration.ZERO, SlotHealth.onTick(Duration.ZERO, 0));
        assertEquals(Duration.ofNanos(tick - 7), SlotHealth.onTick(Duration.ZERO, 7), "never earlier than asked");
    }
}
