package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Every pending {@code ?wait=true} in one place. A waiter leaves the registry when its future completes,
 * fails or is cancelled (the API's timeout cancels it), so waiters can never pile up. Checked on the loop
 * turn after any state change or command; touched only on the loop.
 */
final class WaiterRegistry {
    private final Scheduler loop;
    private final Set<Waiter> waiters = new LinkedHashSet<>();
    private boolean checkPending;

    WaiterRegistry(Scheduler loop) {
        this.loop = loop;
    }

    /**
     * Completes when every process of {@code targets} has reached {@code goal}. With {@code everyTarget}
     * (a command on {@code all}) it waits until each process has settled, succeeded or not, and completes
     * with all of them (the caller reads each one's state); otherwise the first failure fails it.
     */
    CompletableFuture<List<ProcessInfo>> await(List<Watcher> targets, Goal goal, boolean everyTarget) {
        return register(new Waiter(List.copyOf(targets), 0, goal, everyTarget, new CompletableFuture<>()));
    }

    /** Completes when process {@code wid} of {@code watcher} has reached {@code goal}; fails like a one-watcher wait. */
    CompletableFuture<List<ProcessInfo>> awaitSlot(Watcher watcher, int wid, Goal goal) {
        return register(new Waiter(List.of(watcher), wid, goal, false, new CompletableFuture<>()));
    }

    private CompletableFuture<List<ProcessInfo>> register(Waiter waiter) {
        CompletableFuture<List<ProcessInfo>> future = waiter.future();
        if (!waiter.check()) {
            waiters.add(waiter);
            // however it ends (cancelled by the API's timeout included), the waiter leaves on the loop
            future.whenComplete((value, error) -> loop.execute(() -> waiters.remove(waiter)));
        }
        return future;
    }

    /** Something changed: check the waiters on the next loop turn (once, however many changes came). */
    void changed() {
        if (!checkPending && !waiters.isEmpty()) {
            checkPending = true;
            loop.execute(this::checkAll);
        }
    }

    int size() {
        return waiters.size();
    }

    private void checkAll() {
        checkPending = false;
        // a completed future runs its continuations here, and they may add waiters: iterate over a copy
        for (Waiter waiter : List.copyOf(waiters)) {
            if (waiter.check()) {
                waiters.remove(waiter);
            }
        }
    }

    /** One pending wait; {@code wid} 0 means every process of the targets. */
    private record Waiter(List<Watcher> targets, int wid, Goal goal, boolean everyTarget,
                          CompletableFuture<List<ProcessInfo>> future) {

        /** True when finished (completed, failed or cancelled) and to be dropped. */
        boolean check() {
            if (future.isDone()) {
                return true;
            }
            boolean settled = true;
            for (Watcher w : targets) {
                if (goal == Goal.UP && w.rollFailure() != null) {
                    if (!everyTarget) {
                        future.completeExceptionally(new ControlException(ErrorCode.ROLLOUT_FAILED,
                                "rolling restart of " + w.name() + " failed, the old processes keep serving: "
                                        + w.rollFailure()));
                        return true;
                    }
                    continue;
                }
                String superseded = supersededWhy(w);
                if (superseded != null) {
                    if (!everyTarget) {
                        future.completeExceptionally(new ControlException(ErrorCode.SUPERSEDED, superseded));
                        return true;
                    }
                    continue;
                }
                for (ProcessSlot slot : w.slots()) {
                    if (wid != 0 && slot.wid() != wid) {
                        continue;
                    }
                    if (wid == 0 && slot.wid() <= w.numprocesses() && (goal == Goal.UP) != w.wantsUp(slot)) {
                        // a later name:wid command changed this one process: it will not reach the goal
                        if (!everyTarget) {
                            future.completeExceptionally(new ControlException(ErrorCode.SUPERSEDED,
                                    slot.displayName() + " was changed by a later command"));
                            return true;
                        }
                        continue;
                    }
                    if (failed(w, slot)) {
                        if (!everyTarget) {
                            String why = slot.reason() != null ? ": " + slot.reason() : "";
                            future.completeExceptionally(new ControlException(ErrorCode.SPAWN_ERROR,
                                    slot.displayName() + " is " + slot.state() + why));
                            return true;
                        }
                    } else if (!reached(w, slot)) {
                        settled = false;
                    }
                }
                settled &= goal == Goal.DOWN || (wid != 0 ? w.slot(wid) != null : w.slots().size() == w.numprocesses());
            }
            if (settled) {
                future.complete(infos());
            }
            return settled;
        }

        private List<ProcessInfo> infos() {
            List<ProcessInfo> infos = new ArrayList<>();
            for (Watcher w : targets) {
                for (ProcessSlot slot : w.slots()) {
                    if (wid == 0 || slot.wid() == wid) {
                        infos.add(slot.info());
                    }
                }
            }
            return infos;
        }

        /** A later command or a reload changed what is wanted so that this goal will not be reached. */
        private String supersededWhy(Watcher w) {
            if (goal == Goal.UP && w.isRemoved()) {
                return w.name() + " was removed by a config reload";
            }
            ProcessSlot one = wid != 0 ? w.slot(wid) : null;
            boolean wanted = one != null ? w.wantsUp(one) : w.wantsUp();
            String what = one != null ? one.displayName() : w.name();
            if (goal == Goal.UP && !wanted) {
                return what + " was stopped by a later command before it was RUNNING";
            }
            if (goal == Goal.DOWN && wanted) {
                return what + " was started again by a later command before it stopped";
            }
            return null;
        }

        private boolean reached(Watcher w, ProcessSlot slot) {
            return goal.reachedBy(slot.state()) && (goal == Goal.DOWN || slot.generation() == w.generation());
        }

        /** Up wanted, and this slot of the wanted generation ended for good (no start of it is pending). */
        private boolean failed(Watcher w, ProcessSlot slot) {
            ProcessState s = slot.state();
            return goal == Goal.UP && (s == ProcessState.FATAL || s == ProcessState.EXITED)
                    && slot.generation() == w.generation() && slot.startRequestsSeen() == w.startRequestsFor(slot);
        }
    }
}
