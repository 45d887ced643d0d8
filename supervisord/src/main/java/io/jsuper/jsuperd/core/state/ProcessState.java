package io.jsuper.jsuperd.core.state;

/** supervisord's process states, the names operators already read in logs. */
public enum ProcessState {
    STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL;

    /** True while a child process exists for this slot. */
    public boolean hasChild() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
