package io.jsuper.jsuperd.core.state;

/**
 * Facts that move a process slot between states. Exit outcomes are decided before firing
 * (restart, stay down, give up), so the table stays a pure lookup.
 */
public enum ProcessEvent {
    /** A start was asked for (a command, autostart, or a warmup delay falling due). */
    START_REQUESTED,
    /** The child stayed up for startsecs. */
    STARTSECS_ELAPSED,
    /** The spawn failed or the child exited, and it will be retried after a backoff delay. */
    FAILED_WILL_RETRY,
    /** The spawn failed or the child exited, and max_retry is used up. */
    FAILED_GIVING_UP,
    /** The child exited and autorestart says to leave it down. */
    EXITED_STAYING_DOWN,
    /** The backoff delay is over. */
    BACKOFF_ELAPSED,
    /** A stop was asked for. */
    STOP_REQUESTED,
    /** graceful_timeout passed while stopping: SIGKILL. */
    STOP_TIMEOUT,
    /** The child exited while being stopped. */
    STOPPED_EXIT
}
