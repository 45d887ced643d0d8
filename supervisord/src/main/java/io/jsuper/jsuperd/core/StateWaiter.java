package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A pending {@code ?wait=true} request: completes when every target slot is done, fails as soon as one
 * reaches a failure state. Checked on the loop after every state change.
 */
final class StateWaiter {
    private final List<ProcessSlot> slots;
    private final Predicate<ProcessState> done;
    private final Predicate<ProcessState> failed;
    private final CompletableFuture<List<ProcessInfo>> future;

    StateWaiter(List<ProcessSlot> slots, Predicate<ProcessState> done, Predicate<ProcessState> failed,
                CompletableFuture<List<ProcessInfo>> future) {
        this.slots = List.copyOf(slots);
        this.done = done;
        this.failed = failed;
        this.future = future;
    }

    /** Returns true when the waiter has finished (completed or failed) and can be dropped. */
    boolean check() {
        if (future.isDone()) {
            return true;
        }
        for (ProcessSlot slot : slots) {
            if (failed.test(slot.state())) {
                String why = slot.reason() != null ? ": " + slot.reason() : "";
                future.completeExceptionally(new ControlException(ErrorCode.SPAWN_ERROR,
                        slot.displayName() + " is " + slot.state() + why));
                return true;
            }
        }
        if (slots.stream().allMatch(s -> done.test(s.state()))) {
            future.complete(slots.stream().map(ProcessSlot::info).toList());
            return true;
        }
        return false;
    }
}
