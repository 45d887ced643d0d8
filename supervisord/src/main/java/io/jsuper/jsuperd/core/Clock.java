package io.jsuper.jsuperd.core;

/** A monotonic clock, injected so that timing logic can be tested without waiting. */
public interface Clock {

    /** Monotonic nanoseconds; only differences mean anything. */
    long nanoTime();

    Clock SYSTEM = System::nanoTime;
}
