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
        boolean changes = !wantUp || slots.size() != config.numprocesses();
        for (ProcessSlot slot : slots) {
            ProcessState s = slot.state();
            changes |= slot.generation() != generation || !(s == ProcessState.STARTING || s == ProcessState.RUNNING);
        }
        wantUp = true;
        startRequests++;
        reconcile();
        return changes;
    }

    /** Wants the watcher down. Returns false when no process was active (nothing to stop). */
    public boolean stop() {
        boolean active = isActive();
        wantUp = false;
        reconcile();
        return active;
    }

    /** Wants a new generation up: every process is stopped and started again, with the newest config. */
    public void restart() {
        wantUp = true;
        generation++;
        startRequests++;
        reconcile();
    }

    /** A reload changed this watcher: the newest config wins, whatever the processes are doing now. */
    public void update(WatcherConfig next) {
        removed = false;
        goneReported = false;
        config = next;
        generation++;
        wantUp = next.autostart();
        if (wantUp) {
            startRequests++;
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
        growSlots();
        for (ProcessSlot slot : List.copyOf(slots)) {
            step(slot);
        }
        reportIfGone();
    }

    private void step(ProcessSlot slot) {
        ProcessState s = slot.state();
        boolean wanted = wantsUp() && slot.wid() <= config.numprocesses();
        boolean current = slot.generation() == generation;
        boolean newRequest = slot.startRequestsSeen() < startRequests;
        if (s.isActive()) {
            if ((!wanted || !current) && s != ProcessState.STOPPING) {
                slot.fire(ProcessEvent.STOP_REQUESTED);
            } else if (!wanted || !current) {
                slot.forgetUnhealthy(); // stopping for a failed check, but now it is not wanted at all
            } else if (wanted && s == ProcessState.BACKOFF && newRequest) {
                slot.requestStart(startRequests);
            }
            return;
        }
        if (removed || slot.wid() > config.numprocesses()) {
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
        slot.requestStart(startRequests);
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
        for (int wid = 1; wid <= config.numprocesses(); wid++) {
            if (wid > slots.size() || slots.get(wid - 1).wid() != wid) {
                slots.add(wid - 1, new ProcessSlot(ctx, config, wid, generation, slotAtRest));
            }
        }
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
