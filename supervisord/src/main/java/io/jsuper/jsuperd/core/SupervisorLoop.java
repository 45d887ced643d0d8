package io.jsuper.jsuperd.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that owns all supervisor state. Everything else (API handlers, OS signal handlers,
 * the child reaper) submits work here instead of touching the model.
 */
public final class SupervisorLoop implements LoopExecutor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SupervisorLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    /** Counts loop tasks started: a reader that sees it unchanged knows the model did not move. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public SupervisorLoop() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "jsuperd-loop");
            t.setDaemon(false);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(guarded(() -> {
                try {
                    CompletableFuture<T> inner = work.get();
                    result.whenComplete((value, error) -> {
                        if (result.isCancelled()) {
                            inner.cancel(false);
                        }
                    });
                    inner.whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new ControlException(ErrorCode.SHUTTING_DOWN, "jsuperd is shutting down"));
        }
        return result;
    }

    @Override
    public <T> CompletableFuture<T> read(Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> { // not guarded(): no generation counted
                try {
                    result.complete(read.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new ControlException(ErrorCode.SHUTTING_DOWN, "jsuperd is shutting down"));
        }
        return result;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            generation.incrementAndGet();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("unexpected error on the supervisor loop", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
