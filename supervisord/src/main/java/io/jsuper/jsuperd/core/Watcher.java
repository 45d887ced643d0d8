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
    private final ProcessContext ctx;
    private final List<ProcessSlot> slots = new ArrayList<>();
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
    private long nextStartAtNanos = Long.MIN_VALUE;

    /** {@code gone} hears when a removed watcher has no process left (its owner then forgets it). */
    public Watcher(ProcessContext ctx, WatcherConfig config, Consumer<Watcher> gone) {
        this.ctx = ctx;
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

    /** True when at least one slot has a child or a pending restart. */
    public boolean isActive() {
        for (ProcessSlot slot : slots) {
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
        startRequests = ++requestCounter;
        reconcile();
        return changes;
    }

    /** Wants the watcher down. Returns false when no process was active (nothing to stop). */
    public boolean stop() {
        boolean active = isActive();
        wantUp = false;
        intents.clear();
        reconcile();
        return active;
    }

    /** Wants a new generation up: every process is stopped and started again, with the newest config. */
    public void restart() {
        wantUp = true;
        intents.clear();
        generation++;
        startRequests = ++requestCounter;
        reconcile();
    }

    /** A reload changed this watcher: the newest config wins, whatever the processes are doing now. */
    public void update(WatcherConfig next) {
        removed = false;
        goneReported = false;
        config = next;
        scaledTo = -1;
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
        reconcile();
    }

    /** Moves every slot one step toward what is wanted. Idempotent. */
    public void reconcile() {
        warmupTimer.cancel();
        warmupTimer = Scheduler.NONE;
        intents.dropAbove(numprocesses());
        growSlots();
        for (ProcessSlot slot : List.copyOf(slots)) {
            step(slot);
        }
        reportIfGone();
    }

    private void step(ProcessSlot slot) {
        ProcessState s = slot.state();
        boolean wanted = wantsUp(slot);
        boolean current = slot.generation() == generation && !takeRestart(slot, s);
        boolean newRequest = slot.startRequestsSeen() < startRequestsFor(slot);
        if (s.isActive()) {
            if ((!wanted || !current) && s != ProcessState.STOPPING) {
                slot.fire(ProcessEvent.STOP_REQUESTED);
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
            if (!slot.isDiscarded()) {
                step(slot);
                reportIfGone();
            }
        });
    }

    private void reportIfGone() {
        if (removed && slots.isEmpty() && !goneReported) {
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
                slots.add(wid - 1, new ProcessSlot(ctx, config, wid, generation, slotAtRest));
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
        slots.forEach(ProcessSlot::reopenOutput);
    }
}
