package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.BackoffSettings;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static org.junit.jupiter.api.Assertions.*;

class ProcessSlotTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final FakePump pump = new FakePump();
    private final List<String> transitions = new ArrayList<>();
    private final TestWatchers config = new TestWatchers();

    private final ProcessContext ctx = new ProcessContext(posix, pump, time, time,
            new SpawnPlanner(posix, Map.of()),
            (file, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"),
            new ProcessContext.ProcessListener() {
                @Override
                public void spawned(ProcessSlot slot, int pid) {
                }

                @Override
                public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
                    transitions.add(from + ">" + to);
                }
            });


    private ProcessSlot slot() {
        return new ProcessSlot(ctx, config.build(), 1);
    }

    @Test
    void startingToRunning_afterStartsecs() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(STARTING, slot.state());
        assertEquals(100, slot.pid());
        assertEquals(List.of(1100, 2100), pump.attached);
        time.advance(Duration.ofMillis(999));
        assertEquals(STARTING, slot.state());
        time.advance(Duration.ofMillis(1));
        assertEquals(RUNNING, slot.state());
    }

    @Test
    void startsecsZero_runningAtOnce() {
        config.startsecs = Duration.ZERO;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(RUNNING, slot.state());
    }

    @Test
    void startWhileRunning_isRejected() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertFalse(slot.fire(ProcessEvent.START_REQUESTED));
        assertEquals(1, posix.spawned.size());
    }

    @Test
    void crashLoop_firstRetryImmediate_thenBacksOffExponentially_thenFatal() {
        config.maxRetry = 3;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.exited(1));
        // first failure: restarted at once
        assertEquals(STARTING, slot.state());
        assertEquals(2, posix.spawned.size());
        slot.childExited(ExitStatus.exited(1));
        assertEquals(BACKOFF, slot.state());
        time.advance(Duration.ofMillis(999));
        assertEquals(BACKOFF, slot.state());
        time.advance(Duration.ofMillis(1));
        assertEquals(STARTING, slot.state());
        slot.childExited(ExitStatus.exited(1));
        assertEquals(BACKOFF, slot.state());
        time.advance(Duration.ofMillis(1999));
        assertEquals(BACKOFF, slot.state());
        time.advance(Duration.ofMillis(1));
        assertEquals(STARTING, slot.state());
        slot.childExited(ExitStatus.exited(1));
        assertEquals(FATAL, slot.state());
        assertTrue(slot.reason().contains("could not start: 4 starts failed in a row"), slot.reason());
        assertEquals(4, slot.info().startCount());
        assertEquals("exit 1", slot.info().lastExit());
    }

    @Test
    void maxRetryMinusOne_neverGivesUp() {
        config.maxRetry = -1;
        config.backoff = new BackoffSettings(Duration.ofMillis(10), 2, Duration.ofMillis(40), Duration.ofSeconds(60));
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        for (int i = 0; i < 50; i++) {
            slot.childExited(ExitStatus.exited(1));
            time.advance(Duration.ofMillis(40));
            assertEquals(STARTING, slot.state());
        }
        assertEquals(51, posix.spawned.size());
    }

    @Test
    void crashAfterRunning_stillBacksOff_untilAStableRunResetsTheCount() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(2));
        assertEquals(RUNNING, slot.state());
        slot.childExited(ExitStatus.killed(9, false));
        assertEquals(STARTING, slot.state(), "first failure restarts at once");
        time.advance(Duration.ofSeconds(2));
        slot.childExited(ExitStatus.killed(9, false));
        assertEquals(BACKOFF, slot.state(), "second quick crash waits");
        time.advance(Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(61));
        assertEquals(RUNNING, slot.state());
        slot.childExited(ExitStatus.killed(9, false));
        assertEquals(STARTING, slot.state(), "a crash after a stable run restarts at once");
    }

    @Test
    void stop_sendsStopSignalToGroup_thenStoppedOnExit_andClearsLeftovers() {
        config.stopSignal = Signal.QUIT;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertTrue(slot.fire(ProcessEvent.STOP_REQUESTED));
        assertEquals(STOPPING, slot.state());
        assertEquals(new FakePosix.Kill(100, Signal.QUIT, true), posix.kills.get(0));
        slot.childExited(ExitStatus.killed(3, true));
        assertEquals(STOPPED, slot.state());
        assertEquals(new FakePosix.Kill(100, Signal.KILL, true), posix.kills.get(1));
        time.advance(Duration.ofSeconds(60));
        assertEquals(2, posix.kills.size(), "no kill timer left behind");
        assertEquals(1, posix.spawned.size(), "a stopped process is not restarted");
    }

    @Test
    void stopTimeout_escalatesToKill() {
        config.graceful = Duration.ofSeconds(2);
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.fire(ProcessEvent.STOP_REQUESTED);
        time.advance(Duration.ofMillis(1999));
        assertEquals(1, posix.kills.size());
        time.advance(Duration.ofMillis(1));
        assertEquals(new FakePosix.Kill(100, Signal.KILL, true), posix.kills.get(1));
        assertEquals(STOPPING, slot.state());
        slot.childExited(ExitStatus.killed(9, false));
        assertEquals(STOPPED, slot.state());
    }

    @Test
    void stopDuringBackoff_cancelsTheRestart() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.exited(1));
        slot.childExited(ExitStatus.exited(1));
        assertEquals(BACKOFF, slot.state());
        slot.fire(ProcessEvent.STOP_REQUESTED);
        assertEquals(STOPPED, slot.state());
        time.advance(Duration.ofMinutes(5));
        assertEquals(STOPPED, slot.state());
        assertEquals(2, posix.spawned.size());
    }

    @Test
    void autorestartFalse_staysExited() {
        config.autorestart = AutoRestart.FALSE;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(5));
        slot.childExited(ExitStatus.exited(1));
        assertEquals(EXITED, slot.state());
        assertEquals(1, posix.spawned.size());
    }

    @Test
    void autorestartUnexpected_restartsOnlyOnUnexpectedCodes() {
        config.autorestart = AutoRestart.UNEXPECTED;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(5));
        slot.childExited(ExitStatus.exited(2));
        assertEquals(STARTING, slot.state());
        time.advance(Duration.ofSeconds(120));
        slot.childExited(ExitStatus.exited(0));
        assertEquals(EXITED, slot.state());
    }

    @Test
    void execFailure_isRecordedAsSpawnError() {
        config.maxRetry = 0;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        posix.nextExecFailure = "execvp /bin/sleep: Permission denied";
        slot.childExited(ExitStatus.exited(127));
        assertEquals(FATAL, slot.state());
        assertEquals("execvp /bin/sleep: Permission denied", slot.info().lastSpawnError());
    }

    @Test
    void missingExecutable_failsBeforeFork_withReason() {
        config.cmd = "/nonexistent/app";
        config.maxRetry = 1;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertTrue(posix.spawned.isEmpty());
        // first failure retries at once, the second uses up max_retry = 1
        assertEquals(FATAL, slot.state());
        assertEquals("cmd /nonexistent/app: No such file or directory", slot.info().lastSpawnError());
    }

    @Test
    void spawnRefusedByOs_countsAsFailedTry() {
        posix.nextSpawnFailure = "posix_spawn: Resource temporarily unavailable";
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals(BACKOFF, slot.state());
        assertEquals("posix_spawn: Resource temporarily unavailable", slot.info().lastSpawnError());
        posix.nextSpawnFailure = null;
        time.advance(Duration.ofSeconds(1));
        assertEquals(STARTING, slot.state());
    }

    @Test
    void unknownUser_isASpawnError() {
        ProcessSlot slot = new ProcessSlot(ctx, withUid("nosuchuser"), 1);
        slot.fire(ProcessEvent.START_REQUESTED);
        assertEquals("unknown user: nosuchuser", slot.info().lastSpawnError());
    }

    @Test
    void otherUser_whenNotRoot_isRefusedClearly() {
        ProcessSlot slot = new ProcessSlot(ctx, withUid("app"), 1);
        slot.fire(ProcessEvent.START_REQUESTED);
        assertTrue(slot.info().lastSpawnError().contains("only root can run a watcher as another user"),
                slot.info().lastSpawnError());
    }

    @Test
    void transitionsArePublished() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofSeconds(1));
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(15, false));
        assertEquals(List.of("STOPPED>STARTING", "STARTING>RUNNING", "RUNNING>STOPPING", "STOPPING>STOPPED"), transitions);
    }

    private io.jsuper.jsuperd.config.WatcherConfig withUid(String uid) {
        config.uid = java.util.Optional.of(uid);
        return config.build();
    }

    @Test
    void oneShot_expectedExitBeforeStartsecs_isExited_andNotRunAgain() {
        // defect 6: with respawn = false, an exit 0 at 100 ms was a "failed start", re-run 6 times, then FATAL
        config.autorestart = AutoRestart.FALSE;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        time.advance(Duration.ofMillis(100));
        slot.childExited(ExitStatus.exited(0));
        assertEquals(EXITED, slot.state());
        time.advance(Duration.ofMinutes(5));
        assertEquals(1, posix.spawned.size());
        assertEquals("exit 0", slot.info().lastExit());
    }

    @Test
    void autorestartUnexpected_expectedExitBeforeStartsecs_isExited_butAnUnexpectedOneIsAFailedStart() {
        config.autorestart = AutoRestart.UNEXPECTED;
        config.exitcodes = java.util.Set.of(0, 2);
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.exited(1));
        assertEquals(STARTING, slot.state(), "an unexpected exit before startsecs is a failed start, retried");
        slot.childExited(ExitStatus.exited(2));
        assertEquals(EXITED, slot.state());
        assertEquals(2, posix.spawned.size());
    }

    @Test
    void autorestartFalse_signalBeforeStartsecs_isStillAFailedStart() {
        config.autorestart = AutoRestart.FALSE;
        config.maxRetry = 1;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.killed(11, true));
        assertEquals(STARTING, slot.state());
        slot.childExited(ExitStatus.killed(11, true));
        assertEquals(FATAL, slot.state());
    }

    @Test
    void crashAfterRunning_isNeverFatalByDefault_backoffIsCapped_andVisible() {
        // defect 7: six crashes without a 60 s stable run used to end in FATAL for good
        config.maxRetry = 2;
        config.backoff = new BackoffSettings(Duration.ofSeconds(1), 2, Duration.ofSeconds(8), Duration.ofSeconds(60));
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        long lastDelay = 0;
        for (int crash = 1; crash <= 30; crash++) {
            time.advance(Duration.ofSeconds(2));
            assertEquals(RUNNING, slot.state(), "crash " + crash);
            slot.childExited(ExitStatus.killed(9, false));
            ProcessInfo info = slot.info();
            lastDelay = info.backoffMillis();
            assertTrue(lastDelay <= 8000, "capped at backoff_max: " + lastDelay);
            time.advance(Duration.ofMillis(lastDelay));
            assertEquals(STARTING, slot.state(), "crash " + crash);
        }
        assertEquals(8000, lastDelay);
        assertEquals(30, slot.info().restarts());
        assertEquals(31, posix.spawned.size());
    }

    @Test
    void backoffDelay_isShownWhileWaiting() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        slot.childExited(ExitStatus.exited(1));
        slot.childExited(ExitStatus.exited(1));
        assertEquals(BACKOFF, slot.state());
        assertEquals(1000, slot.info().backoffMillis());
        assertTrue(slot.reason().startsWith("restarting in 1000 ms after 2 starts failed"), slot.reason());
    }

    @Test
    void maxRestarts_endsInFatal_onlyWhenTheWindowIsFull() {
        config.maxRestarts = 2;
        config.maxRestartsWindow = Duration.ofSeconds(60);
        config.backoff = new BackoffSettings(Duration.ofMillis(10), 2, Duration.ofMillis(10), Duration.ofSeconds(1));
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        for (int i = 0; i < 2; i++) {
            time.advance(Duration.ofSeconds(30));
            slot.childExited(ExitStatus.exited(1));
            time.advance(Duration.ofMillis(10));
            assertEquals(STARTING, slot.state());
        }
        // the first restart (t=30 s) falls out of the window at t=90 s: one more is allowed then
        time.advance(Duration.ofSeconds(31));
        slot.childExited(ExitStatus.exited(1));
        assertEquals(STARTING, slot.state());
        time.advance(Duration.ofSeconds(2));
        slot.childExited(ExitStatus.exited(1));
        assertEquals(FATAL, slot.state());
        assertTrue(slot.reason().startsWith("restarted 2 times within 60 s (max_restarts)"), slot.reason());
    }
}
