package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ProcessContext;
import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.state.ExitClassifier;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns what the core reports into supervisord's events for the listener pools: PROCESS_STATE_* with
 * supervisord's payloads (a crash of a RUNNING process is EXITED with expected:0, as supervisord reports it,
 * where jsuper goes to BACKOFF), PROCESS_GROUP_ADDED/REMOVED on config changes, SUPERVISOR_STATE_CHANGE_*,
 * TICK_* and REMOTE_COMMUNICATION. Passes every notification on to {@code next}. On the loop only.
 */
public final class SupervisordEvents implements ProcessContext.ProcessListener {
    static final long[] TICK_PERIODS = {5, 60, 3600};

    /** What a slot's last events said: the pid it had, failed starts in a row, the state supervisord last showed. */
    private static final class Memory {
        int pid;
        int tries;
        String shown;
    }

    private final ProcessContext.ProcessListener next;
    private final ListenerPools pools;
    private final Supplier<Map<String, WatcherConfig>> config;
    private final Scheduler loop;
    private final LongSupplier wallMillis;
    private final Map<ProcessSlot, Memory> memory = new IdentityHashMap<>();
    private final Map<Long, Long> lastTick = new java.util.HashMap<>();
    private Map<String, WatcherConfig> seen;
    private Scheduler.Timer tickTimer = Scheduler.NONE;
    private boolean stopping;

    /** {@code config}: the running config's watchers (a new map after each reload). */
    public SupervisordEvents(ProcessContext.ProcessListener next, ListenerPools pools,
                             Supplier<Map<String, WatcherConfig>> config,
                             Scheduler loop, LongSupplier wallMillis) {
        this.next = next;
        this.pools = pools;
        this.config = config;
        this.loop = loop;
        this.wallMillis = wallMillis;
    }

    /** After boot: groups added and SUPERVISOR_STATE_CHANGE_RUNNING, if no process event has told them yet. */
    public void supervisorRunning() {
        sync();
    }

    /** A shutdown began: SUPERVISOR_STATE_CHANGE_STOPPING (listeners stop last, so they may still get it). */
    public void supervisorStopping() {
        sync();
        stopping = true;
        tickTimer.cancel();
        publish("SUPERVISOR_STATE_CHANGE_STOPPING", "");
    }

    /**
     * supervisord's {@code sendRemoteCommEvent}: REMOTE_COMMUNICATION with supervisord's payload
     * {@code type:TYPE\nDATA} (one newline, no trailing one) to the pools subscribed to it.
     */
    public void remoteCommunication(String type, String data) {
        sync();
        publish("REMOTE_COMMUNICATION", "type:" + type + "\n" + data);
    }

    @Override
    public void spawned(ProcessSlot slot, int pid) {
        next.spawned(slot, pid);
        memory.computeIfAbsent(slot, s -> new Memory()).pid = pid;
    }

    @Override
    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        next.stateChanged(slot, from, to);
        sync();
        Memory m = memory.computeIfAbsent(slot, s -> new Memory());
        if (m.shown == null) {
            m.shown = from.name();
        }
        processState(slot, from, to, m);
        if (to == ProcessState.STOPPED || to == ProcessState.EXITED || to == ProcessState.FATAL) {
            memory.remove(slot); // at rest: a new start begins from what jsuper says
        }
        pools.stateChanged(slot, to);
    }

    private void processState(ProcessSlot slot, ProcessState from, ProcessState to, Memory m) {
        boolean crashed = from == ProcessState.RUNNING || from == ProcessState.STOPPING && to != ProcessState.STOPPED;
        switch (to) {
            case STARTING -> emit(slot, m, "STARTING", " tries:" + m.tries);
            case RUNNING -> {
                m.tries = 0;
                emit(slot, m, "RUNNING", " pid:" + m.pid);
            }
            case BACKOFF -> {
                if (crashed) {
                    emit(slot, m, "EXITED", " expected:0 pid:" + m.pid); // supervisord restarts from EXITED
                } else {
                    m.tries++;
                    emit(slot, m, "BACKOFF", " tries:" + m.tries);
                }
            }
            case STOPPING -> emit(slot, m, "STOPPING", " pid:" + m.pid);
            case STOPPED -> emit(slot, m, "STOPPED", " pid:" + (from == ProcessState.STOPPING ? m.pid : 0));
            case EXITED -> emit(slot, m, "EXITED", " expected:" + (expected(slot) ? 1 : 0) + " pid:" + m.pid);
            case FATAL -> {
                if (crashed) {
                    emit(slot, m, "EXITED", " expected:0 pid:" + m.pid);
                }
                emit(slot, m, "FATAL", "");
            }
        }
    }

    private static boolean expected(ProcessSlot slot) {
        return slot.lastEnding().map(e -> ExitClassifier.isExpected(slot.config(), e)).orElse(false);
    }

    private void emit(ProcessSlot slot, Memory m, String state, String extra) {
        if (pools.listening()) { // the payload's strings cost every state change of every process otherwise
            publish("PROCESS_STATE_" + state, ProcessStateNames.header(slot, m.shown) + extra);
        }
        m.shown = state;
    }

    @Override
    public void configReloaded(String error) {
        next.configReloaded(error);
        sync();
    }

    @Override
    public void probeChanged(ProcessSlot slot, ProbeStatus status) {
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

    /**
     * Follows the config: pools, PROCESS_GROUP_ADDED / REMOVED for watchers that came or went, the tick timer.
     * The first call (at boot) adds every group and then says SUPERVISOR_STATE_CHANGE_RUNNING, in supervisord's order.
     */
    private void sync() {
        Map<String, WatcherConfig> now = config.get();
        if (now == null || now == seen) {
            return;
        }
        boolean first = seen == null;
        Set<String> before = first ? Set.of() : new HashSet<>(seen.keySet());
        seen = now;
        pools.configure(now.values());
        for (WatcherConfig w : now.values()) {
            if (!before.contains(w.name())) {
                publish("PROCESS_GROUP_ADDED", "groupname:" + w.name() + "\n");
            }
        }
        before.stream().filter(n -> !now.containsKey(n)).sorted()
                .forEach(n -> publish("PROCESS_GROUP_REMOVED", "groupname:" + n + "\n"));
        if (first) {
            publish("SUPERVISOR_STATE_CHANGE_RUNNING", "");
        }
        armTicks();
    }

    private void armTicks() {
        tickTimer.cancel();
        tickTimer = Scheduler.NONE;
        boolean wanted = false;
        for (long period : TICK_PERIODS) {
            wanted |= pools.anyWants("TICK_" + period);
        }
        if (wanted && !stopping) {
            tickTimer = loop.schedule(Duration.ofSeconds(1), this::tick);
        }
    }

    /** supervisord's ticks: TICK_N when the wall clock enters a new N-second slice (checked every second). */
    private void tick() {
        long now = wallMillis.getAsLong() / 1000;
        for (long period : TICK_PERIODS) {
            long slice = now - now % period;
            Long last = lastTick.put(period, slice);
            if (last != null && last != slice) {
                publish("TICK_" + period, "when:" + slice);
            }
        }
        armTicks();
    }

    private void publish(String type, String payload) {
        pools.publish(type, payload.getBytes(StandardCharsets.UTF_8));
    }
}
