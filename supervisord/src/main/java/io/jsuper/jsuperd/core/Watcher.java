package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named group of {@code numprocesses} identical process slots (wid 1..N) and what the operator wants
 * of them (up or down). A warmup-delayed start that falls due after a stop honours the wish.
 */
public final class Watcher {
    private final ProcessContext ctx;
    private final List<ProcessSlot> slots = new ArrayList<>();
    private WatcherConfig config;
    private boolean wantUp;

    public Watcher(ProcessContext ctx, WatcherConfig config) {
        this.ctx = ctx;
        this.config = config;
        for (int wid = 1; wid <= config.numprocesses(); wid++) {
            slots.add(new ProcessSlot(ctx, config, wid));
        }
    }

    public String name() {
        return config.name();
    }

    public WatcherConfig config() {
        return config;
    }

    public int priority() {
        return config.priority();
    }

    public List<ProcessSlot> slots() {
        return Collections.unmodifiableList(slots);
    }

    /** True when at least one slot has a child or is waiting to restart one. */
    public boolean isActive() {
        return slots.stream().anyMatch(s -> s.state().hasChild() || s.state() == ProcessState.BACKOFF);
    }

    /**
     * Wants the watcher up and starts every slot that is not already starting or running,
     * {@code warmup_delay} apart. Returns the slots it started.
     */
    public List<ProcessSlot> start() {
        wantUp = true;
        List<ProcessSlot> started = new ArrayList<>();
        Duration warmup = config.warmupDelay();
        int n = 0;
        for (ProcessSlot slot : slots) {
            ProcessState s = slot.state();
            if (s == ProcessState.STARTING || s == ProcessState.RUNNING || s == ProcessState.STOPPING) {
                continue;
            }
            started.add(slot);
            if (warmup.isZero() || n == 0) {
                slot.fire(ProcessEvent.START_REQUESTED);
            } else {
                ctx.scheduler().schedule(warmup.multipliedBy(n), () -> {
                    if (wantUp) {
                        slot.fire(ProcessEvent.START_REQUESTED);
                    }
                });
            }
            n++;
        }
        return started;
    }

    /** Wants the watcher down and stops every slot that has a child or a pending restart. */
    public List<ProcessSlot> stop() {
        wantUp = false;
        List<ProcessSlot> stopping = new ArrayList<>();
        for (ProcessSlot slot : slots) {
            if (slot.state().hasChild() || slot.state() == ProcessState.BACKOFF) {
                slot.fire(ProcessEvent.STOP_REQUESTED);
                stopping.add(slot);
            }
        }
        return stopping;
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

    /** Adopts a changed config while fully stopped: output files and slot count may change. */
    public void replaceConfig(WatcherConfig newConfig) {
        if (isActive()) {
            throw new IllegalStateException("watcher " + name() + " must be stopped to change its config");
        }
        for (ProcessSlot slot : slots) {
            slot.closeOutput();
        }
        slots.clear();
        config = newConfig;
        for (int wid = 1; wid <= newConfig.numprocesses(); wid++) {
            slots.add(new ProcessSlot(ctx, newConfig, wid));
        }
    }

    public void closeOutput() {
        slots.forEach(ProcessSlot::closeOutput);
    }

    public void reopenOutput() {
        slots.forEach(ProcessSlot::reopenOutput);
    }
}
