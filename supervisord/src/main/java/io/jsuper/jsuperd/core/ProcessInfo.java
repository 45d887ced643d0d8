package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.state.ProcessState;

/**
 * A snapshot of one process slot, safe to hand to any thread.
 *
 * @param pid            0 when no child exists
 * @param uptimeMillis   time since the current child was spawned, 0 when none
 * @param startCount     children spawned for this slot since the daemon started
 * @param restarts       spawns after the first one
 * @param lastExit       e.g. "exit 1" or "SIGKILL", null before the first exit
 * @param lastSpawnError OS reason of the last failed spawn, null if none
 * @param reason         why the slot is in its state (FATAL reason, backoff delay…), null if nothing to say
 * @param usage          CPU and memory of the process and all it started (cgroup mode), else unknown
 */
public record ProcessInfo(
        String watcher,
        int wid,
        ProcessState state,
        int pid,
        long uptimeMillis,
        int startCount,
        int restarts,
        String lastExit,
        String lastSpawnError,
        String reason,
        ResourceUsage usage) {

    /** A process whose resource usage is unknown. */
    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason,
                ResourceUsage.UNKNOWN);
    }

    /** "web:1". */
    public String displayName() {
        return watcher + ":" + wid;
    }
}
