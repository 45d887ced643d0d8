package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.BackoffPolicy;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.core.state.TransitionTable;
import io.jsuper.jsuperd.logs.OutputSink;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnRequest;
import io.jsuper.jsuperd.os.SpawnedChild;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * One process of a watcher (one {@code wid}): drives the state machine, spawns and stops the child.
 * Only ever touched on the supervisor loop. State changes only through {@link #fire(ProcessEvent)}.
 */
public final class ProcessSlot {
    private static final Logger log = LoggerFactory.getLogger(ProcessSlot.class);

    private final ProcessContext ctx;
    private final int wid;
    private WatcherConfig config;
    private BackoffPolicy backoff;

    private ProcessState state = ProcessState.STOPPED;
    private SpawnedChild child;
    private long spawnedAtNanos;
    private int failuresInARow;
    private int startCount;
    private String lastExit;
    private String lastSpawnError;
    private String reason;
    private Duration pendingBackoff = Duration.ZERO;

    private Scheduler.Timer startsecsTimer = Scheduler.NONE;
    private Scheduler.Timer backoffTimer = Scheduler.NONE;
    private Scheduler.Timer killTimer = Scheduler.NONE;

    private OutputSink stdoutSink;
    private OutputSink stderrSink;

    public ProcessSlot(ProcessContext ctx, WatcherConfig config, int wid) {
        this.ctx = ctx;
        this.wid = wid;
        useConfig(config);
    }

    /** Takes a new config for the next spawn (the watcher restarts the slot around this). */
    void useConfig(WatcherConfig newConfig) {
        this.config = newConfig;
        this.backoff = new BackoffPolicy(newConfig.backoff(), newConfig.maxRetry());
    }

    public int wid() {
        return wid;
    }

    public String watcherName() {
        return config.name();
    }

    public ProcessState state() {
        return state;
    }

    public int pid() {
        return child == null ? 0 : child.pid();
    }

    public String reason() {
        return reason;
    }

    public String displayName() {
        return config.name() + ":" + wid;
    }

    public ProcessInfo info() {
        return view().at(ctx.clock().nanoTime(), StatusSnapshot.NO_USAGE);
    }

    /** An immutable picture of this slot that any thread may turn into a {@link ProcessInfo} later. */
    StatusSnapshot.SlotView view() {
        return new StatusSnapshot.SlotView(new ProcessInfo(config.name(), wid, state, pid(), 0, startCount,
                Math.max(0, startCount - 1), lastExit, lastSpawnError, reason), child == null ? -1 : spawnedAtNanos);
    }

    /**
     * Applies {@code event}. Returns false when the table rejects it (e.g. start while running);
     * ignored events return true.
     */
    public boolean fire(ProcessEvent event) {
        TransitionTable.Outcome outcome = TransitionTable.lookup(state, event);
        switch (outcome.kind()) {
            case REJECT:
                return false;
            case IGNORE:
                return true;
            default:
                break;
        }
        ProcessState from = state;
        ProcessState to = outcome.target();
        state = to;
        if (from != to) {
            ctx.listener().stateChanged(this, from, to);
        }
        enter(from, to, event);
        return true;
    }

    /** Runs the entry action of {@code to}; it may fire further events (a failed spawn backs off at once). */
    private void enter(ProcessState from, ProcessState to, ProcessEvent event) {
        switch (to) {
            case STARTING -> {
                backoffTimer.cancel();
                if (event == ProcessEvent.START_REQUESTED) {
                    failuresInARow = 0;
                }
                spawn();
            }
            case RUNNING -> reason = null;
            case BACKOFF -> {
                reason = "restarting in " + pendingBackoff.toMillis() + " ms after " + failures(failuresInARow);
                if (pendingBackoff.isZero()) {
                    fire(ProcessEvent.BACKOFF_ELAPSED);
                } else {
                    backoffTimer = ctx.scheduler().schedule(pendingBackoff, () -> fire(ProcessEvent.BACKOFF_ELAPSED));
                }
            }
            case STOPPING -> {
                if (event == ProcessEvent.STOP_TIMEOUT) {
                    log.warn("{}: still alive {} s after {}, sending SIGKILL to its process group",
                            displayName(), config.gracefulTimeout().toSeconds(), config.stopSignal().fullName());
                    ctx.posix().killGroup(child.pid(), Signal.KILL);
                } else {
                    startsecsTimer.cancel();
                    reason = null;
                    ctx.posix().killGroup(child.pid(), config.stopSignal());
                    killTimer = ctx.scheduler().schedule(config.gracefulTimeout(), () -> fire(ProcessEvent.STOP_TIMEOUT));
                }
            }
            case STOPPED -> {
                backoffTimer.cancel();
                killTimer.cancel();
                if (from == ProcessState.BACKOFF) {
                    reason = null;
                }
            }
            case EXITED, FATAL -> startsecsTimer.cancel();
            default -> throw new IllegalStateException("no entry action for " + to);
        }
    }

    private void spawn() {
        SpawnRequest request;
        try {
            request = ctx.planner().plan(config, wid);
        } catch (SpawnPlanner.PlanException e) {
            spawnFailed(e.getMessage());
            return;
        }
        try {
            child = ctx.posix().spawn(request);
        } catch (SpawnException e) {
            spawnFailed(e.getMessage());
            return;
        }
        startCount++;
        ctx.planner().containment().spawned(config, wid, child.pid());
        spawnedAtNanos = ctx.clock().nanoTime();
        ctx.listener().spawned(this, child.pid());
        attachOutput(child);
        if (config.startsecs().isZero()) {
            fire(ProcessEvent.STARTSECS_ELAPSED);
        } else {
            startsecsTimer = ctx.scheduler().schedule(config.startsecs(), () -> fire(ProcessEvent.STARTSECS_ELAPSED));
        }
    }

    private void attachOutput(SpawnedChild spawned) {
        if (stdoutSink == null) {
            stdoutSink = ctx.sinks().open(config.stdout().fileFor(ctx.logdir().get(), config.name(), wid, "stdout"),
                    config.stdout().maxBytes(), config.stdout().backupCount());
            ctx.pump().execute(stdoutSink::reopen);
        }
        ctx.pump().attach(spawned.stdoutFd(), stdoutSink);
        if (spawned.stderrFd() >= 0) {
            if (stderrSink == null) {
                stderrSink = ctx.sinks().open(config.stderr().fileFor(ctx.logdir().get(), config.name(), wid, "stderr"),
                        config.stderr().maxBytes(), config.stderr().backupCount());
                ctx.pump().execute(stderrSink::reopen);
            }
            ctx.pump().attach(spawned.stderrFd(), stderrSink);
        }
    }

    private void spawnFailed(String why) {
        log.warn("{}: spawn failed: {}", displayName(), why);
        lastSpawnError = why;
        countFailure(Duration.ZERO, "spawn failed: " + why);
    }

    /** The reaper saw our child exit; the pid is still a zombie (reaped by the caller afterwards). */
    void childExited(ExitStatus status) {
        SpawnedChild gone = child;
        // Before anything else, while the zombie still pins its pid and group: clear what it left.
        ctx.planner().containment().mainExited(config, wid, gone.pid(), state == ProcessState.STOPPING);
        Optional<String> execFailure = ctx.posix().readExecFailure(gone.statusFd());
        Duration ranFor = Duration.ofNanos(ctx.clock().nanoTime() - spawnedAtNanos);
        startsecsTimer.cancel();
        lastExit = status.toString();
        if (state == ProcessState.STOPPING) {
            child = null;
            log.info("stopped: {} ({})", displayName(), status);
            fire(ProcessEvent.STOPPED_EXIT);
            return;
        }
        child = null;
        if (execFailure.isPresent()) {
            spawnFailed(execFailure.get());
            return;
        }
        boolean expected = !status.signaled() && config.exitcodes().contains(status.value());
        log.info("exited: {} ({}; {})", displayName(), status, expected ? "expected" : "not expected");
        if (state == ProcessState.STARTING) {
            countFailure(ranFor, "exited too quickly (" + status + ") before startsecs");
            return;
        }
        boolean restart = config.autorestart() == AutoRestart.TRUE
                || (config.autorestart() == AutoRestart.UNEXPECTED && !expected);
        if (!restart) {
            reason = status.toString();
            fire(ProcessEvent.EXITED_STAYING_DOWN);
            return;
        }
        countFailure(ranFor, status.toString());
    }

    private void countFailure(Duration ranFor, String what) {
        if (backoff.isStable(ranFor)) {
            failuresInARow = 0;
        }
        failuresInARow++;
        if (backoff.givesUpAfter(failuresInARow)) {
            reason = "gave up after " + failures(failuresInARow) + "; last: " + what;
            log.warn("gave up: {} entered FATAL state: {}", displayName(), reason);
            fire(ProcessEvent.FAILED_GIVING_UP);
            return;
        }
        pendingBackoff = backoff.delayAfter(failuresInARow);
        fire(ProcessEvent.FAILED_WILL_RETRY);
    }

    private static String failures(int n) {
        return n == 1 ? "1 failure" : n + " failures in a row";
    }

    /** Sends {@code signal} to the main process. Returns false when there is none. */
    boolean signal(Signal signal) {
        if (child == null) {
            return false;
        }
        return ctx.posix().kill(child.pid(), signal);
    }

    /** Closes the output sinks (after the slot is gone or its config changed); runs on the pump thread. */
    void closeOutput() {
        OutputSink out = stdoutSink;
        OutputSink err = stderrSink;
        stdoutSink = null;
        stderrSink = null;
        ctx.pump().execute(() -> {
            if (out != null) {
                out.close();
            }
            if (err != null) {
                err.close();
            }
        });
    }

    /** Reopens the output files (SIGUSR2, after an external logrotate); runs on the pump thread. */
    void reopenOutput() {
        OutputSink out = stdoutSink;
        OutputSink err = stderrSink;
        ctx.pump().execute(() -> {
            if (out != null) {
                out.reopen();
            }
            if (err != null) {
                err.reopen();
            }
        });
    }
}
