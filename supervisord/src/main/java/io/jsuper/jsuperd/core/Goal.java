package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;

/** What a lifecycle command brings its processes to: up (RUNNING) or down (nothing active). */
public enum Goal {
    UP, DOWN;

    /** True when a process in {@code state} has reached this goal. */
    public boolean reachedBy(ProcessState state) {
        return this == UP ? state == ProcessState.RUNNING : !state.isActive();
    }
}
