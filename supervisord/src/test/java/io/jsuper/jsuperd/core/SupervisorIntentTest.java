package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.os.ExitStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.jsuper.jsuperd.core.state.ProcessState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The supervisor on a manual clock and loop: commands set what is wanted, watchers converge. Each test
 * pins one defect of issue 8 that the old "capture intent when issued" code had.
 */
class SupervisorIntentTest extends SupervisorOnManualClock {
    @Test
    void warmupTimer_isCancelledByAReload_noChildOfTheOldConfigIsSpawned() throws Exception {
        // defect 1: the old warmup timer belonged to no one and spawned "1000" after the reload
        TestWatchers web = new TestWatchers();
        web.numprocesses = 3;
        web.warmup = Duration.ofSeconds(5);
        web.startsecs = Duration.ZERO;
        boot(web);
        assertEquals(List.of("1000"), argsOfSpawns());
        web.args = "2000";
        file.set(config(web));
        assertEquals(List.of("web"), now(supervisor.reloadConfig(false)).changed());
        assertEquals(STOPPING, state("web", 1));
        time.advance(Duration.ofSeconds(20));
        assertEquals(1, argsOfSpawns().stream().filter("1000"::equals).count(), "no child of the old config after the reload");
        assertEquals(STOPPING, state("web", 1), "wid 1 ignores SIGTERM for now");
        exit(100);
        time.advance(Duration.ofSeconds(20));
        assertEquals(List.of("1000", "2000", "2000", "2000"), argsOfSpawns());
        assertTrue(status("web").stream().allMatch(p -> p.state() == RUNNING));
    }

    @Test
    void warmupTimer_isCancelledByAStop() throws Exception {
        TestWatchers web = new TestWatchers();
        web.numprocesses = 3;
        web.warmup = Duration.ofSeconds(5);
        web.startsecs = Duration.ZERO;
        boot(web);
        now(supervisor.stop("web", false));
        exit(100);
        time.advance(Duration.ofMinutes(1));
        assertEquals(1, posix.spawned.size());
        assertEquals(List.of(STOPPED, STOPPED, STOPPED), status("web").stream().map(ProcessInfo::state).toList());
    }

    @Test
    void stopDuringRestart_endsStopped_andTheRestartWaitIsSuperseded() throws Exception {
        // defect 2: the restart's follow-up called start() unconditionally after the stop
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        assertEquals(STOPPING, state("web", 1));
        CompletableFuture<List<ProcessInfo>> stop = supervisor.stop("web", true);
        time.run();
        exit(100);
        assertEquals(STOPPED, now(stop).get(0).state());
        ExecutionException e = assertThrows(ExecutionException.class, restart::get);
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) e.getCause()).code());
        time.advance(Duration.ofMinutes(1));
        assertEquals(STOPPED, state("web", 1));
        assertEquals(1, posix.spawned.size());
    }

    @Test
    void restartDuringStop_endsRunningTheNewGeneration_andTheStopWaitIsSuperseded() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        CompletableFuture<List<ProcessInfo>> stop = supervisor.stop("web", true);
        time.run();
        CompletableFuture<List<ProcessInfo>> restart = supervisor.restart("web", true);
        time.run();
        exit(100);
        assertEquals(RUNNING, now(restart).get(0).state());
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) assertThrows(ExecutionException.class, stop::get).getCause()).code());
        assertEquals(2, posix.spawned.size());
    }

    @Test
    void cancelledWaits_leaveTheRegistry_andStoppedFailsARunningWait() throws Exception {
        // defect 3: five timed-out `start --wait` calls left five waiters for good
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ofHours(1);
        web.autostart = false;
        boot(web);
        now(supervisor.start("web", false));
        List<CompletableFuture<List<ProcessInfo>>> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(supervisor.restart("web", true));
        }
        time.run();
        assertEquals(5, now(supervisor.pendingWaits()));
        waits.forEach(w -> w.cancel(false));
        assertEquals(0, now(supervisor.pendingWaits()));
        CompletableFuture<List<ProcessInfo>> start = supervisor.restart("web", true);
        time.run();
        now(supervisor.stop("web", false));
        ExecutionException e = assertThrows(ExecutionException.class, start::get);
        assertEquals(ErrorCode.SUPERSEDED, ((ControlException) e.getCause()).code());
        assertTrue(e.getCause().getMessage().contains("stopped by a later command"), e.getCause().getMessage());
        assertEquals(0, now(supervisor.pendingWaits()));
    }

    @Test
    void reloadWhileStopping_theNewestConfigWins() throws Exception {
        // defect 10: the second change was refused ("must be stopped"), swallowed, and lost for good
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        web.graceful = Duration.ofSeconds(3);
        boot(web);
        web.args = "2000";
        file.set(config(web));
        now(supervisor.reloadConfig(false));
        time.advance(Duration.ofMillis(500));
        web.args = "3000";
        file.set(config(web));
        assertEquals(List.of("web"), now(supervisor.reloadConfig(false)).changed());
        time.advance(Duration.ofSeconds(3));
        exit(100);
        assertEquals(List.of("1000", "3000"), argsOfSpawns());
        assertEquals(RUNNING, state("web", 1));
        ConfigDiff again = now(supervisor.reloadConfig(true));
        assertEquals(List.of("web"), again.unchanged());
    }

    @Test
    void startAll_actsOnEveryWatcher_andWaitsForEveryOne_evenWhenOneFails() throws Exception {
        // defect 5: `start all` stopped at the first process that did not reach RUNNING
        TestWatchers bad = new TestWatchers();
        bad.name = "bad";
        bad.cmd = "/nonexistent/app";
        bad.maxRetry = 0;
        bad.autostart = false;
        bad.priority = 10;
        TestWatchers good = new TestWatchers();
        good.name = "good";
        good.autostart = false;
        boot(bad, good);
        CompletableFuture<List<ProcessInfo>> all = supervisor.start("all", true);
        time.run();
        assertFalse(all.isDone(), "good is still STARTING");
        time.advance(Duration.ofSeconds(1));
        List<ProcessInfo> infos = now(all);
        assertEquals(List.of("bad:1 FATAL", "good:1 RUNNING"),
                infos.stream().map(p -> p.displayName() + " " + p.state()).toList());
    }

    @Test
    void update_sendsNoHup_andTheDaemonsSighupForwardsExactlyOne() throws Exception {
        // defect 4: `update` with no change sent SIGHUP twice to every send_hup watcher
        TestWatchers web = new TestWatchers();
        web.sendHup = true;
        web.startsecs = Duration.ZERO;
        boot(web);
        now(supervisor.reloadConfig(false));
        assertEquals(0, hups());
        now(supervisor.reloadConfigAndHangUp());
        assertEquals(1, hups());
        assertEquals(1, posix.spawned.size());
    }

    @Test
    void restart_ofAnExitedOneShot_runsItOnceMore() throws Exception {
        TestWatchers job = new TestWatchers();
        job.autorestart = io.jsuper.jsuperd.config.AutoRestart.FALSE;
        boot(job);
        exit0(100);
        assertEquals(EXITED, state("web", 1));
        time.advance(Duration.ofMinutes(1));
        assertEquals(1, posix.spawned.size(), "a one-shot program is not re-run");
        now(supervisor.start("web", false));
        assertEquals(2, posix.spawned.size());
    }

    @Test
    void configIsParsedOffTheLoop_forAReloadAndItsPreview_andTooManyQueuedAreOverloaded() throws Exception {
        // issue 9 item 4: a preview re-parsed the whole config on the loop and slowed every respawn
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        List<Runnable> parserQueue = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        file.set(config(web));
        supervisor = new Supervisor(time, reaper, () -> {
            loads.incrementAndGet();
            return file.get();
        }, task -> {
            if (parserQueue.size() >= 1) {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }
            parserQueue.add(task);
        }, listener -> new ProcessContext(posix, new FakePump(), time, time, new SpawnPlanner(posix, Map.of()),
                (f, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"), listener));
        supervisor.boot(file.get());
        time.run();
        CompletableFuture<ConfigDiff> preview = supervisor.reloadConfig(true);
        time.run();
        assertEquals(0, loads.get(), "the loop ran, but parsed nothing");
        assertFalse(preview.isDone());
        ExecutionException busy = assertThrows(ExecutionException.class, () -> supervisor.reloadConfig(false).get());
        assertEquals(ErrorCode.OVERLOADED, ((ControlException) busy.getCause()).code());
        parserQueue.remove(0).run();
        assertEquals(1, loads.get());
        assertEquals(List.of("web"), now(preview).unchanged());
    }

    @Test
    void restartDuringRestart_bothWaitsCompleteWhenTheNewestGenerationRuns() throws Exception {
        TestWatchers web = new TestWatchers();
        web.startsecs = Duration.ZERO;
        boot(web);
        CompletableFuture<List<ProcessInfo>> first = supervisor.restart("web", true);
        CompletableFuture<List<ProcessInfo>> second = supervisor.restart("web", true);
        time.run();
        exit(100);
        assertEquals(RUNNING, now(first).get(0).state());
        assertEquals(RUNNING, now(second).get(0).state());
        assertEquals(2, posix.spawned.size(), "one stop, one new child: the two restarts merged");
        assertEquals(0, now(supervisor.pendingWaits()));
    }

    @Test
    void reloadShrinkingAndGrowing_stopsTheSurplus_andAddsTheMissing() throws Exception {
        TestWatchers web = new TestWatchers();
        web.numprocesses = 3;
        web.startsecs = Duration.ZERO;
        boot(web);
        web.numprocesses = 1;
        file.set(config(web));
        now(supervisor.reloadConfig(false));
        exit(100);
        exit(101);
        exit(102);
        assertEquals(List.of("web:1 RUNNING"), status("web").stream().map(p -> p.displayName() + " " + p.state()).toList());
        web.numprocesses = 2;
        file.set(config(web));
        now(supervisor.reloadConfig(false));
        exit(103);
        assertEquals(List.of("web:1 RUNNING", "web:2 RUNNING"),
                status("web").stream().map(p -> p.displayName() + " " + p.state()).toList());
    }

    @Test
    void removedWatcher_disappearsOnceStopped_andANameThatComesBackWantsTheNewestConfig() throws Exception {
        TestWatchers a = new TestWatchers();
        a.name = "a";
        a.startsecs = Duration.ZERO;
        TestWatchers b = new TestWatchers();
        b.name = "b";
        b.startsecs = Duration.ZERO;
        boot(a, b);
        file.set(config(b));
        assertEquals(List.of("a"), now(supervisor.reloadConfig(false)).removed());
        assertEquals(STOPPING, state("a", 1));
        ExecutionException gone = assertThrows(ExecutionException.class, () -> now(supervisor.start("a", false)));
        assertEquals(ErrorCode.BAD_NAME, ((ControlException) gone.getCause()).code());
        a.args = "2000";
        file.set(config(a, b));
        assertEquals(List.of("a"), now(supervisor.reloadConfig(false)).added());
        exit(100);
        assertEquals(RUNNING, state("a", 1));
        assertEquals("2000", argsOfSpawns().get(argsOfSpawns().size() - 1));
        file.set(config(b));
        now(supervisor.reloadConfig(false));
        exit(102);
        assertEquals(List.of("b"), now(supervisor.watcherNames()));
    }

    @Test
    void statusRead_beforeBoot_waitsForTheWatchers_insteadOfAnsweringEmpty() throws Exception {
        // the API is up before boot has run: a status read in between answered an empty list
        TestWatchers web = new TestWatchers();
        file.set(config(web));
        supervisor = new Supervisor(time, reaper, file::get, Runnable::run, listener -> new ProcessContext(posix,
                new FakePump(), time, time, new SpawnPlanner(posix, Map.of()),
                (f, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"), listener));
        CompletableFuture<List<ProcessInfo>> early = supervisor.status("all");
        time.run();
        assertFalse(early.isDone());
        supervisor.boot(file.get());
        assertEquals(List.of("web:1"), now(early).stream().map(ProcessInfo::displayName).toList());
    }

    private void exit0(int pid) {
        supervisor.childExited(pid, ExitStatus.exited(0));
        time.run();
    }
}
