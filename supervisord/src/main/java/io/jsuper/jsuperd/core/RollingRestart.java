package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One rolling restart of a watcher toward generation {@code target}: what is wanted, not a script. Each
 * {@link #advance} (called by the watcher's reconcile) looks at the processes and takes the next steps: swap
 * in a new process that became ready (RUNNING: its readiness check passed, or startsecs elapsed) and stop the
 * old one it replaces; start new processes next to old ones while the surge allows; let old ones be replaced in
 * place while enough are ready. A new process that fails to become ready halts the roll: the old processes keep
 * serving, the new ones in flight are stopped, and the failure stays readable until the next command.
 */
final class RollingRestart {
    /** What the roll needs of its watcher. */
    interface Host {
        /** The process of each wid 1..numprocesses, in wid order. */
        List<ProcessSlot> slots();

        int numprocesses();

        /** A new process for {@code wid} of the target generation, next to the old one (not yet in slots). */
        ProcessSlot newSurgeSlot(int wid);

        /** Puts {@code fresh} in place of the process of its wid; the old one is stopped and dropped at rest. */
        void swapIn(ProcessSlot fresh);

        /** Stops a process the roll started and no longer wants; dropped at rest. */
        void abandon(ProcessSlot slot);

        /** Starts {@code slot} for the watcher's current start request. */
        void startSlot(ProcessSlot slot);

        /**
         * 0 when {@code slot} may replace an old process (RUNNING, and up for startsecs: a check answered through a
         * shared socket may have been answered by the old process), the nanoseconds left, or -1 when not RUNNING.
         */
        long untilSwapNanos(ProcessSlot slot);

        /** Runs the watcher's reconcile again after {@code nanos}. */
        void lookAgainIn(long nanos);
    }

    private final Host host;
    private final RollPolicy policy;
    private final int target;
    private final Map<Integer, ProcessSlot> surge = new TreeMap<>();
    private final Set<Integer> released = new HashSet<>();
    private String failure;

    RollingRestart(Host host, RollPolicy policy, int target) {
        this.host = host;
        this.policy = policy;
        this.target = target;
    }

    /** True when reconcile must leave {@code slot} as it is (an old process the roll has not released yet). */
    boolean keeps(ProcessSlot slot) {
        return slot.generation() != target && (failure != null || !released.contains(slot.wid()));
    }

    boolean isSurge(ProcessSlot slot) {
        return surge.get(slot.wid()) == slot;
    }

    /** The new processes running next to old ones. */
    List<ProcessSlot> surgeSlots() {
        return List.copyOf(surge.values());
    }

    String failure() {
        return failure;
    }

    /** Done: every process is of the target generation and nothing is in flight. */
    boolean isComplete() {
        return surge.isEmpty() && host.slots().stream().allMatch(s -> s.generation() == target);
    }

    /**
     * A process of the target generation left STARTING without becoming ready: the roll halts. Old processes
     * stay; surge processes are stopped; a process replaced in place is wanted down by the caller.
     */
    void failed(ProcessSlot slot, String why) {
        if (failure != null) {
            return;
        }
        failure = slot.displayName() + " did not become ready: " + why;
        for (ProcessSlot s : List.copyOf(surge.values())) {
            host.abandon(s);
        }
        surge.clear();
    }

    /** Stops everything the roll started that is not in place yet (a later command ends the roll). */
    void cancel() {
        for (ProcessSlot s : List.copyOf(surge.values())) {
            host.abandon(s);
        }
        surge.clear();
    }

    /** Takes the next steps; safe to call at any time. */
    void advance() {
        if (failure != null) {
            return;
        }
        swapReady();
        List<ProcessSlot> old = new ArrayList<>();
        for (ProcessSlot s : host.slots()) {
            if (s.generation() != target && !released.contains(s.wid()) && !surge.containsKey(s.wid())) {
                old.add(s);
            }
        }
        int ready = (int) host.slots().stream().filter(s -> s.state() == ProcessState.RUNNING).count();
        int floor = host.numprocesses() - policy.maxUnavailable();
        for (ProcessSlot s : old) {
            if (s.state() != ProcessState.RUNNING) {
                released.add(s.wid()); // not serving anyway: replace it in place at once
            } else if (surge.size() < policy.maxSurge()) {
                ProcessSlot fresh = host.newSurgeSlot(s.wid());
                surge.put(s.wid(), fresh);
                host.startSlot(fresh);
            } else if (ready - 1 >= floor) {
                released.add(s.wid());
                ready--;
            }
        }
    }

    /** Surge processes that became ready take their wid's place; the old process is stopped. */
    private void swapReady() {
        for (ProcessSlot s : List.copyOf(surge.values())) {
            if (s.wid() > host.numprocesses()) {
                surge.remove(s.wid());
                host.abandon(s); // scaled down meanwhile
            } else {
                long wait = host.untilSwapNanos(s);
                if (wait == 0) {
                    surge.remove(s.wid());
                    host.swapIn(s);
                } else if (wait > 0) {
                    host.lookAgainIn(wait);
                }
            }
        }
    }
}
