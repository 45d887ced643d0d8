package io.jsuper.jsuperd.core.state;

/**
 * Facts that move a process slot between states. How an exit is judged (restart, stay down, give up) is
 * not an event of its own: one {@link #CHILD_EXITED} goes to the {@link ExitClassifier}.
 */
public enum ProcessEvent {
    /** A start was asked for (the watcher's reconcile step, for a command or autostart). */
    START_REQUESTED,
    /** The child stayed up for startsecs. */
    STARTSECS_ELAPSED,
    /** The main process exited (it is still a zombie until the event is handled). */
    CHILD_EXITED,
    /** The spawn failed before a child existed (bad user, no such program, posix_spawn error). */
    SPAWN_FAILED,
    /** The backoff delay is over. */
    BACKOFF_ELAPSED,
    /** A stop was asked for. */
    STOP_REQUESTED,
    /** graceful_timeout passed while stopping: SIGKILL. */
    STOP_TIMEOUT,
    /** The startup and readiness checks passed for the first time (replaces startsecs when configured). */
    PROBE_READY,
    /** ready_deadline passed before the checks passed: a failed start. */
    READY_DEADLINE,
    /** The liveness check failed failure_threshold times in a row. */
    LIVENESS_FAILED,
    /** The child that a failed check stopped has exited: judged like a crash or a failed start. */
    UNHEALTHY_EXITED
}
