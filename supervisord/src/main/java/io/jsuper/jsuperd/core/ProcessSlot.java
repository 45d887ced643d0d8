package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.core.state.RestartBudget;
import io.jsuper.jsuperd.core.state.Transition;
import io.jsuper.jsuperd.core.state.TransitionTable;
import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnedChild;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One process of a watcher (one {@code wid}): runs the actions of the state table, spawns and stops the
 * child. Only ever touched on the supervisor loop. State changes only through {@link #fire(ProcessEvent)}.
 * Its timers (startsecs, backoff, stop timeout) are cancelled whenever it comes to rest and when its
 * watcher discards it, so no timer outlives the intent that armed it.
 */
public final class ProcessSlot {
    private static final Logger log = LoggerFactory.getLogger(ProcessSlot.class);

    private final ProcessContext ctx;
    private final int wid;
    /** Which containment leaf (cgroup) of the wid this slot's children join: wid, or another during a roll. */
    private final int leaf;
    private final Consumer<ProcessSlot> atRest;
    private WatcherConfig config;
    private RestartBudget budget;
    /** The watcher's config generation this slot runs (or will spawn) with. */
    private int generation;
    /** The watcher's start-request count this slot has acted on (EXITED/FATAL start again once per request). */
    private int startRequestsSeen;
    private boolean discarded;
    /** The release the current (or last) child was started with (docs/zero-downtime.md), null without one. */
    private String release;

    private ProcessState state = ProcessState.STOPPED;
    private SpawnedChild child;
    private long spawnedAtNanos;
    /** When the last child ended (-1: none yet); with {@code spawnedAtNanos}, supervisord's start/stop times. */
    private long endedAtNanos = -1;
    private int startCount;
    private int restarts;
    private String lastExit;
    private String lastSpawnError;
    private String reason;
    private Duration pendingBackoff = Duration.ZERO;
    /** How the child ended, read by the action of the CHILD_EXITED / SPAWN_FAILED cell; null for a spawn failure. */
    private ExitStatus ending;
    private Duration endedAfter = Duration.ZERO;

    private Scheduler.Timer startsecsTimer = Scheduler.NONE;
    private Scheduler.Timer backoffTimer = Scheduler.NONE;
    private Scheduler.Timer killTimer = Scheduler.NONE;

    private final SlotOutput output;

    private final SlotHealth health;

    public ProcessSlot(ProcessContext ctx, WatcherConfig config, int wid) {
        this(ctx, config, wid, 0, slot -> { });
    }

    /** {@code atRest} hears every move to a resting state (STOPPED, EXITED, FATAL), on the loop. */
    ProcessSlot(ProcessContext ctx, WatcherConfig config, int wid, int generation, Consumer<ProcessSlot> atRest) {
        this(ctx, config, wid, wid, generation, atRest);
    }

    /**
     * {@code leaf}: a rolling restart runs a second process of the same wid next to the first; it needs its own
     * cgroup, or the first one's exit (which kills its cgroup) would kill it too.
     */
    ProcessSlot(ProcessContext ctx, WatcherConfig config, int wid, int leaf, int generation, Consumer<ProcessSlot> atRest) {
        this.ctx = ctx;
        this.wid = wid;
        this.leaf = leaf;
        this.atRest = atRest;
        this.config = config;
        this.budget = new RestartBudget(config);
        this.generation = generation;
        this.output = new SlotOutput(ctx, wid);
        this.health = new SlotHealth(ctx, this::fire, () -> state, status -> ctx.listener().probeChanged(this, status));
    }

    /** While at rest: takes the config of a newer generation for the next spawn (new files if they changed). */
    void adopt(WatcherConfig newConfig, int newGeneration) {
        if (state.isActive()) {
            throw new IllegalStateException(displayName() + " is " + state + ": stop it before changing its config");
        }
        if (!newConfig.equals(config)) {
            closeOutput();
            config = newConfig;
            budget = new RestartBudget(newConfig);
        }
        generation = newGeneration;
    }

    int generation() {
        return generation;
    }

    int startRequestsSeen() {
        return startRequestsSeen;
    }

    /** An operator start for request number {@code request}: remembered so it is acted on once. */
    boolean requestStart(int request) {
        startRequestsSeen = request;
        return fire(ProcessEvent.START_REQUESTED);
    }

    public int wid() {
        return wid;
    }

    int leaf() {
        return leaf;
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

    /** How the last child ended (empty before the first exit, or when the last spawn failed before exec). */
    public Optional<ExitStatus> lastEnding() {
        return Optional.ofNullable(ending);
    }

    public WatcherConfig config() {
        return config;
    }

    public String displayName() {
        return config.name() + ":" + wid;
    }

    public ProcessInfo info() {
        return view().at(ctx.clock().nanoTime(), StatusSnapshot.NO_USAGE);
    }

    /** The release (the watcher's release_link resolved) the current child was started with; null: none. */
    void startedFromRelease(String release) {
        this.release = release;
    }

    String release() {
        return release;
    }

    /** An immutable picture of this slot that any thread may turn into a {@link ProcessInfo} later. */
    StatusSnapshot.SlotView view() {
        long backoffMillis = state == ProcessState.BACKOFF ? pendingBackoff.toMillis() : 0;
        return new StatusSnapshot.SlotView(new ProcessInfo(config.name(), wid, state, pid(), 0, startCount,
                restarts, lastExit, lastSpawnError, reason, backoffMillis, OutputCounters.NONE,
                ResourceUsage.UNKNOWN, health.status(), release), child == null ? -1 : spawnedAtNanos, output.counters(),
                startCount == 0 ? -1 : spawnedAtNanos, endedAtNanos);
    }

    /**
     * Applies {@code event} through the table. Returns false when the table rejects it (e.g. start while
     * running); ignored events return true.
     */
    public boolean fire(ProcessEvent event) {
        Transition t = TransitionTable.lookup(state, event);
        switch (t.action()) {
            case REJECT -> {
                return false;
            }
            case NONE -> {
                return true;
            }
            case SPAWN_FRESH -> {
                budget.operatorStart();
                moveTo(ProcessState.STARTING);
                spawn();
            }
            case SPAWN_RETRY -> {
                restarts++;
                moveTo(ProcessState.STARTING);
                spawn();
            }
            case MARK_RUNNING -> {
                budget.reachedRunning();
                reason = null;
                moveTo(ProcessState.RUNNING);
            }
            case JUDGE_EXIT -> judgeEnding();
            case SEND_STOP_SIGNAL -> sendStopSignal();
            case ESCALATE_TO_KILL -> escalateToKill();
            case FINISH_STOP -> finishStop();
            case STOP_UNHEALTHY -> stopUnhealthy(event);
            case JUDGE_UNHEALTHY -> judgeUnhealthy();
            case CANCEL_RESTART -> {
                backoffTimer.cancel();
                reason = null;
                moveTo(ProcessState.STOPPED);
            }
            default -> throw new IllegalStateException("no action for " + t);
        }
        return true;
    }

    private void escalateToKill() {
        log.warn("{}: still alive {} s after {}, sending SIGKILL to its process group",
                displayName(), config.gracefulTimeout().toSeconds(), config.stopSignal().fullName());
        ctx.posix().killGroup(child.pid(), Signal.KILL);
    }

    private void finishStop() {
        killTimer.cancel(); // what it left was cleared by the containment in childExited
        log.info("stopped: {} ({})", displayName(), lastExit);
        moveTo(ProcessState.STOPPED);
    }

    private void moveTo(ProcessState to) {
        ProcessState from = state;
        state = to;
        if (from != to) {
            ctx.listener().stateChanged(this, from, to);
            if (!to.isActive()) {
                atRest.accept(this);
            }
        }
    }

    /** A check failed: remember why, then stop gracefully; the exit is judged by {@link #judgeUnhealthy}. */
    private void stopUnhealthy(ProcessEvent event) {
        String why = health.holdStop(event == ProcessEvent.LIVENESS_FAILED && state == ProcessState.RUNNING);
        log.warn("{}: {}; stopping it", displayName(), why);
        sendStopSignal();
        reason = why;
    }

    /** The watcher no longer wants this process: its pending health stop becomes a plain stop. */
    void forgetUnhealthy() {
        health.forgetStop();
    }

    private void judgeUnhealthy() {
        SlotHealth.HealthStop stop = health.pendingStop().orElseThrow();
        health.forgetStop();
        settle(EndingJudge.afterUnhealthyStop(displayName(), config, budget, stop.why(), stop.crash(), endedAfter,
                ctx.clock().nanoTime()));
    }

    private void sendStopSignal() {
        health.childGone();
        startsecsTimer.cancel();
        reason = null;
        moveTo(ProcessState.STOPPING);
        ctx.posix().killGroup(child.pid(), config.stopSignal());
        killTimer = ctx.scheduler().schedule(config.gracefulTimeout(), () -> fire(ProcessEvent.STOP_TIMEOUT));
    }

    /** The one place a slot spawns. */
    private void spawn() {
        long began = ctx.clock().nanoTime();
        try {
            child = ctx.posix().spawn(ctx.planner().plan(config, wid, leaf));
        } catch (SpawnPlanner.PlanException | SpawnException e) {
            ctx.listener().spawnEnded(this, ctx.clock().nanoTime() - began, e.getMessage());
            spawnFailed(e.getMessage());
            return;
        }
        ctx.listener().spawnEnded(this, ctx.clock().nanoTime() - began, null);
        startCount++;
        ctx.planner().containment().spawned(config, leaf, child.pid());
        spawnedAtNanos = ctx.clock().nanoTime();
        ctx.listener().spawned(this, child.pid());
        output.attach(this, config, child);
        if (config.probes().any()) {
            health.childStarted(config, wid);
        }
        if (config.probes().gatesRunning()) {
            return; // RUNNING when the startup/readiness checks pass, not when startsecs elapses
        }
        if (config.startsecs().isZero()) {
            fire(ProcessEvent.STARTSECS_ELAPSED);
        } else {
            startsecsTimer = ctx.scheduler().schedule(config.startsecs(), () -> fire(ProcessEvent.STARTSECS_ELAPSED));
        }
    }

    private void spawnFailed(String why) {
        log.warn("{}: spawn failed: {}", displayName(), why);
        lastSpawnError = why;
        ending = null;
        endedAfter = Duration.ZERO;
        fire(ProcessEvent.SPAWN_FAILED);
    }

    /**
     * The one place a main-process exit is handled. The reaper saw our child exit; the pid is still a
     * zombie (reaped by the caller afterwards), so a group kill here cannot hit a reused pid.
     */
    void childExited(ExitStatus status) {
        SpawnedChild gone = child;
        // Before anything else, while the zombie still pins its pid and group: clear what it left.
        ctx.planner().containment().mainExited(config, leaf, gone.pid(), state == ProcessState.STOPPING);
        child = null;
        Optional<String> execFailure = ctx.posix().readExecFailure(gone.statusFd());
        startsecsTimer.cancel();
        health.childGone();
        lastExit = status.toString();
        endedAtNanos = ctx.clock().nanoTime();
        endedAfter = Duration.ofNanos(endedAtNanos - spawnedAtNanos);
        ending = status;
        if (execFailure.isPresent()) {
            log.warn("{}: spawn failed: {}", displayName(), execFailure.get());
            lastSpawnError = execFailure.get();
            ending = null;
        }
        fire(health.pendingStop().isPresent() && state == ProcessState.STOPPING ? ProcessEvent.UNHEALTHY_EXITED
                : ProcessEvent.CHILD_EXITED);
    }

    /** The action of an ending while STARTING or RUNNING: the classifier judges, the budget decides. */
    private void judgeEnding() {
        settle(EndingJudge.afterExit(displayName(), config, budget, ending, state == ProcessState.RUNNING,
                lastSpawnError, endedAfter, ctx.clock().nanoTime()));
    }

    /** Moves to what the judge decided; BACKOFF arms the restart timer (or restarts at once after no delay). */
    private void settle(EndingJudge.Outcome outcome) {
        reason = outcome.reason();
        pendingBackoff = outcome.backoff();
        moveTo(outcome.next());
        if (outcome.next() != ProcessState.BACKOFF) {
            return;
        }
        if (pendingBackoff.isZero()) {
            fire(ProcessEvent.BACKOFF_ELAPSED);
        } else {
            backoffTimer = ctx.scheduler().schedule(pendingBackoff, () -> fire(ProcessEvent.BACKOFF_ELAPSED));
        }
    }

    /** Its process sent a notify message (READY=1…): for its notify checks. */
    void notified(Map<String, String> fields) {
        if (child != null) {
            health.notified(fields);
        }
    }

    /** Its watcher drops this slot (at rest): every timer is cancelled and the output files closed. */
    void discard() {
        discarded = true;
        health.childGone();
        startsecsTimer.cancel();
        backoffTimer.cancel();
        killTimer.cancel();
        closeOutput();
    }

    boolean isDiscarded() {
        return discarded;
    }

    /** Sends {@code signal} to the main process. Returns false when there is none. */
    boolean signal(Signal signal) {
        if (child == null) {
            return false;
        }
        return ctx.posix().kill(child.pid(), signal);
    }

    /** Closes the output files (after the slot is gone or its config changed). */
    void closeOutput() {
        output.close();
    }

    /** Reopens the output files (SIGUSR2, after an external logrotate). */
    void reopenOutput() {
        output.reopen();
    }
}
