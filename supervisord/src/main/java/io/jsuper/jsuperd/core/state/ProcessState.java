package io.jsuper.jsuperd.core.state;

/** supervisord's process states, the names operators already read in logs. */
public enum ProcessState {
    STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL;

    /** True while a child process exists for this slot. */
    public boolean hasChild() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /**
     * True while the slot has a child or a pending restart (BACKOFF): it is not at rest, and a stop has
     * something to do. The one definition of "active" (watchers, waiters and commands all use it).
     */
    public boolean isActive() {
        return hasChild() || this == BACKOFF;
    }
}
