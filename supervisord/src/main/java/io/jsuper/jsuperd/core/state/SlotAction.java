package io.jsuper.jsuperd.core.state;

/** The small action a cell of the {@link TransitionTable} runs (the slot implements each one once). */
public enum SlotAction {
    /** Nothing to do (a stale timer or a late event). */
    NONE,
    /** The command makes no sense in this state; the caller is told. */
    REJECT,
    /** An operator start: forget earlier failed starts, spawn. */
    SPAWN_FRESH,
    /** An automatic restart after the backoff delay: spawn, counting a restart. */
    SPAWN_RETRY,
    /** startsecs passed: the start succeeded. */
    MARK_RUNNING,
    /** The child ended or could not be spawned: the {@link ExitClassifier} and the restart budget pick the state. */
    JUDGE_EXIT,
    /** Send the stop signal to the process group, arm the graceful timeout. */
    SEND_STOP_SIGNAL,
    /** graceful_timeout passed: SIGKILL the process group. */
    ESCALATE_TO_KILL,
    /** The child exited while stopping: clear what is left of it. */
    FINISH_STOP,
    /** A stop during BACKOFF: the pending restart is dropped. */
    CANCEL_RESTART,
    /** A health check failed: stop the process gracefully, to be judged when it has exited. */
    STOP_UNHEALTHY,
    /** The unhealthy child exited: the restart budget picks BACKOFF or FATAL (as for a crash or failed start). */
    JUDGE_UNHEALTHY
}
