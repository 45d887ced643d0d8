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
}
