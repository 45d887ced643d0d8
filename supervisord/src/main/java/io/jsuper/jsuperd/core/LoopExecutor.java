package io.jsuper.jsuperd.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The loop that owns the model, as the supervisor sees it: the real thread in the daemon, a manual one in tests. */
public interface LoopExecutor extends Scheduler {

    /**
     * Runs {@code work} on the loop and completes with its result (or exception). Cancelling the returned
     * future cancels the future {@code work} returned, so a caller that gives up frees what waits for it.
     */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work);

    /** Counts loop tasks started: a reader that sees it unchanged knows the model did not move. */
    long generation();

    /**
     * Runs {@code read} on the loop as a task that changes nothing, so it does not count in {@link #generation()}
     * (the loop-lag probe of every /metrics scrape would otherwise outdate the status snapshot, and the next
     * scrape would rebuild it on the loop). {@code read} must not touch the model's state.
     */
    default <T> CompletableFuture<T> read(Supplier<T> read) {
        return call(() -> CompletableFuture.completedFuture(read.get()));
    }
}
