package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.os.Signal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * start, stop, restart and signal of one process ({@code web:2}): they set that slot's intent on its watcher
 * (see {@link SlotIntents}) and wait for that slot only. Runs on the loop, called by the {@link Supervisor}.
 */
final class OneProcessCommands {
    private final Map<String, Watcher> watchers;
    private final WaiterRegistry waiters;

    OneProcessCommands(Map<String, Watcher> watchers, WaiterRegistry waiters) {
        this.watchers = watchers;
        this.waiters = waiters;
    }

    CompletableFuture<List<ProcessInfo>> start(ProcessTarget target, boolean wait) {
        Watcher w = watcher(target);
        if (!w.startSlot(target.wid())) {
            throw new ControlException(ErrorCode.ALREADY_STARTED, target.displayName() + " is already started");
        }
        return settle(w, target, Goal.UP, wait);
    }

    CompletableFuture<List<ProcessInfo>> stop(ProcessTarget target, boolean wait) {
        Watcher w = watcher(target);
        if (!w.stopSlot(target.wid())) {
            throw new ControlException(ErrorCode.NOT_RUNNING, target.displayName() + " is not running");
        }
        return settle(w, target, Goal.DOWN, wait);
    }

    CompletableFuture<List<ProcessInfo>> restart(ProcessTarget target, boolean wait) {
        Watcher w = watcher(target);
        w.restartSlot(target.wid());
        return settle(w, target, Goal.UP, wait);
    }

    CompletableFuture<List<ProcessInfo>> signal(ProcessTarget target, Signal signal) {
        ProcessSlot slot = watcher(target).slot(target.wid());
        if (!slot.signal(signal)) {
            throw new ControlException(ErrorCode.NOT_RUNNING, target.displayName() + " is not running");
        }
        return CompletableFuture.completedFuture(List.of(slot.info()));
    }

    private CompletableFuture<List<ProcessInfo>> settle(Watcher w, ProcessTarget target, Goal goal, boolean wait) {
        waiters.changed();
        return wait ? waiters.awaitSlot(w, target.wid(), goal)
                : CompletableFuture.completedFuture(List.of(w.slot(target.wid()).info()));
    }

    /** The watcher of {@code target}, which must have that process (BAD_NAME otherwise). */
    private Watcher watcher(ProcessTarget target) {
        Watcher w = watchers.get(target.watcher());
        if (w == null || w.isRemoved()) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + target.watcher());
        }
        if (w.slot(target.wid()) == null || target.wid() > w.numprocesses()) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such process: " + target.displayName()
                    + " (" + w.name() + " has processes 1 to " + w.numprocesses() + ")");
        }
        return w;
    }
}
