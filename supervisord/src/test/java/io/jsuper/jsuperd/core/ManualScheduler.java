package io.jsuper.jsuperd.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler and clock that move only when the test says so. */
final class ManualScheduler implements LoopExecutor, Clock {
    private long now = 1_000_000_000L;
    private long sequence;
    private long ran;
    private final List<Task> tasks = new ArrayList<>();

    private final class Task implements Timer {
        final long due;
        final long order = sequence++;
        final Runnable body;

        Task(long due, Runnable body) {
            this.due = due;
            this.body = body;
        }

        @Override
        public void cancel() {
            tasks.remove(this);
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toNanos(), task);
        tasks.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override
    public <T> java.util.concurrent.CompletableFuture<T> call(java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> work) {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                java.util.concurrent.CompletableFuture<T> inner = work.get();
                result.whenComplete((v, e) -> {
                    if (result.isCancelled()) {
                        inner.cancel(false);
                    }
                });
                inner.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public long generation() {
        return sequence + ran;
    }

    /** Runs everything that is due now (the loop's next turns). */
    void run() {
        advance(Duration.ZERO);
    }

    /** Moves time forward, running every task that falls due, in order. */
    void advance(Duration by) {
        long target = now + by.toNanos();
        while (true) {
            Task next = tasks.stream()
                    .filter(t -> t.due <= target)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order))
                    .orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            ran++;
            next.body.run();
        }
        now = target;
    }

    int pending() {
        return tasks.size();
    }
}
