package io.jsuper.jsuperd.core;

import java.time.Duration;

/** Runs tasks later on the supervisor loop. Tests drive a manual implementation. */
public interface Scheduler {

    /** Runs {@code task} on the loop after {@code delay} (zero: soon, after the current task). */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the loop as soon as possible. */
    void execute(Runnable task);

    /** A pending task. */
    interface Timer {
        void cancel();
    }

    /** A timer that is never pending. */
    Timer NONE = () -> { };
}
