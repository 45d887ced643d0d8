package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A named group of {@code numprocesses} process slots (wid 1..N) and what is wanted of them: up or down,
 * which config (a generation, bumped by restart and by a changed config), how many. Commands only change
 * what is wanted; {@link #reconcile()} moves each slot one step toward it and is safe to run at any time.
 * The watcher owns its slots and the warmup timer, so replacing, dropping or stopping a slot cannot leave a
 * timer that acts on an older intent.
 */
public final class Watcher {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Watcher.class);

    private final ProcessContext ctx;
    /** ctx for this watcher's slots: their state changes also reach the rolling restart. */
    private final ProcessContext slotCtx;
    private final List<ProcessSlot> slots = new ArrayList<>();
    /** Processes no longer in {@code slots} (replaced by a roll, or abandoned by it) until they are at rest. */
    private final List<ProcessSlot> leaving = new ArrayList<>();
    /** The rolling restart under way (or halted until the next command), else null. */
    private RollingRestart roll;
    private final RollingRestart.Host rollHost = new RollHost();
    /** Added to a wid for the cgroup of its second process during a roll (above any wid, MAX_PROCESSES 10000). */
    static final int TWIN_LEAF = 100_000;
    private final Consumer<Watcher> gone;
    private final Consumer<ProcessSlot> slotAtRest = this::slotCameToRest;
    private WatcherConfig config;
    private boolean wantUp;
    private boolean removed;
    private boolean goneReported;
    private int generation;
    /** Start commands so far: a slot that ended EXITED or FATAL starts again once per new request. */
    private int startRequests;
    /** Numbers every start request, watcher-wide or per process, so each is acted on once. */
    private int requestCounter;
    private final SlotIntents intents = new SlotIntents();
    /** Set by incr/decr/numprocesses at runtime; the next reload that changes the watcher drops it. */
    private int scaledTo = -1;
    private Scheduler.Timer warmupTimer = Scheduler.NONE;
    /** Looks again when a new process of a roll has been up for startsecs. */
    private Scheduler.Timer rollTimer = Scheduler.NONE;
    private long nextStartAtNanos = Long.MIN_VALUE;

    /** {@code gone} hears when a removed watcher has no process left (its owner then forgets it). */
    public Watcher(ProcessContext ctx, WatcherConfig config, Consumer<Watcher> gone) {
        this.ctx = ctx;
        this.slotCtx = ctx.withListener(new SlotListener(ctx.listener()));
        this.config = config;
        this.gone = gone;
        growSlots();
    }

    public String name() {
        return config.name();
    }

    /** The wanted config (processes of an older generation may still be stopping). */
    public WatcherConfig config() {
        return config;
    }

    /** How many processes are wanted: the config's numprocesses, or the runtime scale until the next reload. */
    public int numprocesses() {
        return scaledTo >= 0 ? scaledTo : config.numprocesses();
    }

    /** Circus's numprocesses/incr/decr: grow (new slots start if the watcher is wanted up) or shrink (the highest wids stop). */
    public void scale(int count) {
        scaledTo = count;
        reconcile();
    }

    /** A reload ends a runtime scale, changed or not (documented: scaling lasts until the next reload). */
    public void dropRuntimeScale() {
        if (scaledTo >= 0) {
            scaledTo = -1;
            reconcile();
        }
    }

    public int priority() {
        return config.priority();
    }

    public List<ProcessSlot> slots() {
        return Collections.unmodifiableList(slots);
    }

    boolean wantsUp() {
        return wantUp && !removed;
    }

    boolean isRemoved() {
        return removed;
    }

    int generation() {
        return generation;
    }

    int startRequests() {
        return startRequests;
    }

    /** Every process: wids 1..N, plus the new and old ones of a rolling restart (a wid may appear twice). */
    public List<ProcessSlot> processes() {
        if (leaving.isEmpty() && roll == null) {
            return slots();
        }
        List<ProcessSlot> all = new ArrayList<>(slots);
        if (roll != null) {
            all.addAll(roll.surgeSlots());
        }
        all.addAll(leaving);
        return all;
    }

    /** Why the last rolling restart halted (until the next command on the watcher), else null. */
    public String rollFailure() {
        return roll == null ? null : roll.failure();
    }

    /** True when at least one slot has a child or a pending restart. */
    public boolean isActive() {
        for (ProcessSlot slot : processes()) {
            if (slot.state().isActive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Wants the watcher up (again: EXITED and FATAL slots start once more). Returns false when that
     * changes nothing: it was wanted up and every process is already starting or running.
     */
    public boolean start() {
        boolean changes = !wantUp || slots.size() != numprocesses();
        for (ProcessSlot slot : slots) {
            ProcessState s = slot.state();
            changes |= slot.generation() != generation || !(s == ProcessState.STARTING || s == ProcessState.RUNNING);
        }
        wantUp = true;
        intents.clear();
        endRoll();
        startRequests = ++requestCounter;
        reconcile();
        return changes;
    }

    /** Wants the watcher down. Returns false when no process was active (nothing to stop). */
    public boolean stop() {
        boolean active = isActive();
        wantUp = false;
        intents.clear();
        endRoll();
        reconcile();
        return active;
    }

    /** Wants a new generation up with the newest config: rolling or all at once as {@link RestartMode#DEFAULT} decides. */
    public void restart() {
        restart(RestartMode.DEFAULT);
    }

    /**
     * Wants a new generation up with the newest config. All at once: every process is stopped and started
     * again. Rolling (docs/zero-downtime.md): new processes replace running ones as they become ready.
     */
    public void restart(RestartMode mode) {
        boolean running = slots.stream().anyMatch(s -> s.state() == ProcessState.RUNNING);
        wantUp = true;
        intents.clear();
        endRoll();
        generation++;
        startRequests = ++requestCounter;
        RollPolicy policy = RollPolicy.of(config, mode);
        if (policy != null && running) {
            roll = new RollingRestart(rollHost, policy, generation);
            log.info("{}: rolling restart (max_surge {}, max_unavailable {})", name(), policy.maxSurge(),
                    policy.maxUnavailable());
            ctx.listener().rolloutChanged(name(), "started", "generation " + generation);
        }
        reconcile();
    }

    /**
     * {@code restart} found a new definition in the config file: the next generation uses it (the caller
     * restarts). Unlike {@link #update} nothing is stopped here, so the restart still rolls.
     */
    void adopt(WatcherConfig next) {
        if (next.numprocesses() != config.numprocesses()) {
            scaledTo = -1;
        }
        config = next;
    }

    /** A command on the whole watcher ends any rolling restart: what it started and did not swap in is stopped. */
    private void endRoll() {
        if (roll != null) {
            roll.cancel();
            roll = null;
        }
    }

    /** A reload changed this watcher: the newest config wins, whatever the processes are doing now. */
    public void update(WatcherConfig next) {
        removed = false;
        goneReported = false;
        config = next;
        scaledTo = -1;
        endRoll();
        generation++;
        wantUp = next.autostart();
        intents.clear();
        if (wantUp) {
            startRequests = ++requestCounter;
        }
        reconcile();
    }

    /** A reload removed this watcher: stop everything, then tell the owner it is gone. */
    public void remove() {
        removed = true;
        wantUp = false;
        endRoll();
        reconcile();
    }

    /** Moves every slot one step toward what is wanted. Idempotent. */
    public void reconcile() {
        warmupTimer.cancel();
        warmupTimer = Scheduler.NONE;
        rollTimer.cancel();
        rollTimer = Scheduler.NONE;
        intents.dropAbove(numprocesses());
        growSlots();
        advanceRoll();
        for (ProcessSlot slot : List.copyOf(slots)) {
            step(slot);
        }
        reportIfGone();
    }

    private void step(ProcessSlot slot) {
        ProcessState s = slot.state();
        boolean wanted = wantsUp(slot);
        boolean current = (slot.generation() == generation || (roll != null && roll.keeps(slot)))
                && !takeRestart(slot, s);
        boolean newRequest = slot.startRequestsSeen() < startRequestsFor(slot);
        if (s.isActive()) {
            if ((!wanted || !current) && s != ProcessState.STOPPING) {
                slot.fire(ProcessEvent.STOP_REQUESTED);
            } else if (!wanted || !current) {
                slot.forgetUnhealthy(); // stopping for a failed check, but now it is not wanted at all
            } else if (wanted && s == ProcessState.BACKOFF && newRequest) {
                slot.requestStart(startRequestsFor(slot));
            }
            return;
        }
        if (removed || slot.wid() > numprocesses()) {
            discard(slot);
            return;
        }
        if (!current) {
            slot.adopt(config, generation);
        }
        if (wanted && (s == ProcessState.STOPPED || newRequest)) {
            startWhenWarm(slot);
        }
    }

    /** Starts {@code slot} now, or arms the one warmup timer to look again when warmup_delay has passed. */
    private void startWhenWarm(ProcessSlot slot) {
        Duration warmup = config.warmupDelay();
        if (!warmup.isZero()) {
            long now = ctx.clock().nanoTime();
            if (now < nextStartAtNanos) {
                if (warmupTimer == Scheduler.NONE) {
                    warmupTimer = ctx.scheduler().schedule(Duration.ofNanos(nextStartAtNanos - now), () -> {
                        warmupTimer = Scheduler.NONE;
                        reconcile();
                    });
                }
                return;
            }
            nextStartAtNanos = now + warmup.toNanos();
        }
        slot.requestStart(startRequestsFor(slot));
    }

    /** A slot reached STOPPED, EXITED or FATAL: look at it again on the next loop turn, not mid-transition. */
    private void slotCameToRest(ProcessSlot slot) {
        ctx.scheduler().execute(() -> {
            if (slot.isDiscarded()) {
                return;
            }
            if (slots.contains(slot)) {
                step(slot);
            } else if (roll == null || !roll.isSurge(slot)) {
                leaving.remove(slot); // replaced or abandoned by a roll: it has stopped, forget it
                slot.discard();
            }
            reportIfGone();
        });
    }

    private void reportIfGone() {
        if (removed && slots.isEmpty() && leaving.isEmpty() && roll == null && !goneReported) {
            goneReported = true;
            gone.accept(this);
        }
    }

    private void discard(ProcessSlot slot) {
        slot.discard();
        slots.remove(slot);
    }

    /** Adds the missing wids 1..numprocesses, keeping the list sorted by wid. */
    private void growSlots() {
        if (removed) {
            return;
        }
        for (int wid = 1; wid <= numprocesses(); wid++) {
            if (wid > slots.size() || slots.get(wid - 1).wid() != wid) {
                slots.add(wid - 1, new ProcessSlot(slotCtx, config, wid, generation, slotAtRest));
            }
        }
    }

    // ---- one process (name:wid): the same intent, for one slot; see SlotIntents

    /** The slot {@code wid}, or null when the watcher has no such process. */
    public ProcessSlot slot(int wid) {
        for (ProcessSlot slot : slots) {
            if (slot.wid() == wid) {
                return slot;
            }
        }
        return null;
    }

    /** Wants one process up; false when it already is starting or running (nothing to do). */
    public boolean startSlot(int wid) {
        ProcessSlot slot = slot(wid);
        boolean changes = !wantsUp(slot) || !(slot.state() == ProcessState.STARTING || slot.state() == ProcessState.RUNNING);
        intents.set(wid, true).startRequest = ++requestCounter;
        reconcile();
        return changes;
    }

    /** Wants one process down; false when it was not active. */
    public boolean stopSlot(int wid) {
        boolean active = slot(wid).state().isActive();
        intents.set(wid, false);
        reconcile();
        return active;
    }

    /** Wants one process stopped once and started again (the newest config). */
    public void restartSlot(int wid) {
        SlotIntents.Intent intent = intents.set(wid, true);
        intent.restart = true;
        intent.startRequest = ++requestCounter;
        reconcile();
    }

    /** Whether {@code slot} is wanted up: its own intent if a per-process command set one, else the watcher's. */
    boolean wantsUp(ProcessSlot slot) {
        if (removed || slot.wid() > numprocesses()) {
            return false;
        }
        SlotIntents.Intent intent = intents.of(slot.wid());
        return intent != null ? intent.up : wantUp;
    }

    /** The newest start request that concerns {@code slot}. */
    int startRequestsFor(ProcessSlot slot) {
        SlotIntents.Intent intent = intents.of(slot.wid());
        return intent != null ? Math.max(startRequests, intent.startRequest) : startRequests;
    }

    /** A pending per-process restart, consumed here: an active slot is stopped once, a resting one just starts. */
    private boolean takeRestart(ProcessSlot slot, ProcessState s) {
        SlotIntents.Intent intent = intents.of(slot.wid());
        if (intent == null || !intent.restart) {
            return false;
        }
        intent.restart = false;
        return s.isActive() && s != ProcessState.STOPPING;
    }

    /** Sends {@code signal} to every main process; returns the slots signalled. */
    public List<ProcessSlot> signal(Signal signal) {
        List<ProcessSlot> signalled = new ArrayList<>();
        for (ProcessSlot slot : slots) {
            if (slot.signal(signal)) {
                signalled.add(slot);
            }
        }
        return signalled;
    }

    public void closeOutput() {
        slots.forEach(ProcessSlot::closeOutput);
    }

    public void reopenOutput() {
        processes().forEach(ProcessSlot::reopenOutput);
    }

    // ---- rolling restart: see RollingRestart

    /** One step of the roll; ends it when everything runs the new generation. */
    private void advanceRoll() {
        if (roll == null) {
            return;
        }
        roll.advance();
        if (roll.failure() == null && roll.isComplete()) {
            roll = null;
            log.info("{}: rolling restart complete (generation {})", name(), generation);
            ctx.listener().rolloutChanged(name(), "complete", "generation " + generation);
        }
    }

    /** A process of the wanted generation left STARTING without becoming ready: the roll halts there. */
    private void rollFailed(RollingRestart failedRoll, ProcessSlot slot, String why) {
        if (roll != failedRoll || roll.failure() != null) {
            return;
        }
        roll.failed(slot, why);
        log.warn("{}: rolling restart halted, the old processes keep serving: {}", name(), roll.failure());
        ctx.listener().rolloutChanged(name(), "failed", roll.failure());
        if (slots.contains(slot)) {
            intents.set(slot.wid(), false); // replaced in place (max_unavailable): stop it, do not retry
        }
        reconcile();
    }

    /** Stops {@code slot} outside of {@code slots}; it is dropped once at rest. */
    private void retire(ProcessSlot slot) {
        ProcessState s = slot.state();
        if (!s.isActive()) {
            slot.discard();
            return;
        }
        leaving.add(slot);
        if (s == ProcessState.STOPPING) {
            slot.forgetUnhealthy();
        } else {
            slot.fire(ProcessEvent.STOP_REQUESTED);
        }
    }

    /** What the roll may do to this watcher. */
    private final class RollHost implements RollingRestart.Host {
        @Override
        public List<ProcessSlot> slots() {
            return Collections.unmodifiableList(slots);
        }

        @Override
        public int numprocesses() {
            return Watcher.this.numprocesses();
        }

        @Override
        public ProcessSlot newSurgeSlot(int wid) {
            // never the cgroup of another process of this wid (one still stopping included): its exit kills it
            java.util.Set<Integer> used = new java.util.HashSet<>();
            processes().stream().filter(s -> s.wid() == wid).forEach(s -> used.add(s.leaf()));
            int leaf = wid;
            for (int k = 1; used.contains(leaf); k++) {
                leaf = wid + k * TWIN_LEAF;
            }
            return new ProcessSlot(slotCtx, config, wid, leaf, generation, slotAtRest);
        }

        @Override
        public void swapIn(ProcessSlot fresh) {
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i).wid() == fresh.wid()) {
                    ProcessSlot old = slots.set(i, fresh);
                    log.info("{}: {} (pid {}) is ready, stopping the one it replaces (pid {})", name(),
                            fresh.displayName(), fresh.pid(), old.pid());
                    retire(old);
                    return;
                }
            }
            retire(fresh); // its wid is gone (scaled down)
        }

        @Override
        public void abandon(ProcessSlot slot) {
            retire(slot);
        }

        @Override
        public void startSlot(ProcessSlot slot) {
            slot.requestStart(startRequestsFor(slot));
        }

        @Override
        public long untilSwapNanos(ProcessSlot slot) {
            if (slot.state() != ProcessState.RUNNING) {
                return -1;
            }
            long left = config.startsecs().toNanos() - slot.info().uptimeMillis() * 1_000_000L;
            return Math.max(0, left);
        }

        @Override
        public void lookAgainIn(long nanos) {
            rollTimer.cancel();
            rollTimer = ctx.scheduler().schedule(Duration.ofNanos(nanos), () -> {
                rollTimer = Scheduler.NONE;
                reconcile();
            });
        }
    }

    /** Passes every slot event on, and lets the roll see processes of the new generation succeed or fail. */
    private final class SlotListener implements ProcessContext.ProcessListener {
        private final ProcessContext.ProcessListener next;

        SlotListener(ProcessContext.ProcessListener next) {
            this.next = next;
        }

        @Override
        public void spawned(ProcessSlot slot, int pid) {
            next.spawned(slot, pid);
        }

        @Override
        public void probeChanged(ProcessSlot slot, io.jsuper.jsuperd.health.ProbeStatus status) {
            next.probeChanged(slot, status);
        }

        @Override
        public void rolloutChanged(String watcher, String state, String detail) {
            next.rolloutChanged(watcher, state, detail);
        }

        @Override
        public void spawnEnded(ProcessSlot slot, long nanos, String error) {
            next.spawnEnded(slot, nanos, error);
        }

        @Override
        public void configReloaded(String error) {
            next.configReloaded(error);
        }

        @Override
        public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
            next.stateChanged(slot, from, to);
            RollingRestart watching = roll;
            boolean surge = watching != null && watching.isSurge(slot);
            if (watching == null || slot.generation() != generation || watching.failure() != null
                    || !(from == ProcessState.STARTING || (from == ProcessState.RUNNING && surge))) {
                return; // a new process counts as failed until it is swapped in, even after RUNNING
            }
            if (to == ProcessState.RUNNING) {
                ctx.scheduler().execute(() -> {
                    if (roll == watching) {
                        reconcile(); // swap it in
                    }
                });
            } else if (surge || wantsUp(slot)) {
                String why = slot.reason() != null ? slot.reason() : to.name();
                ctx.scheduler().execute(() -> rollFailed(watching, slot, why));
            }
        }
    }
}
