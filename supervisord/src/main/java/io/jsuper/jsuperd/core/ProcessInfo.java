package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.state.ProcessState;

/**
 * A snapshot of one process slot, safe to hand to any thread. New fields go at the end, with a default
 * in the short constructor, so that callers that do not care keep compiling.
 *
 * @param pid            0 when no child exists
 * @param uptimeMillis   time since the current child was spawned, 0 when none
 * @param startCount     children spawned for this slot since the daemon started
 * @param restarts       automatic restarts (after a crash or a failed start) since the daemon started
 * @param lastExit       e.g. "exit 1" or "SIGKILL", null before the first exit
 * @param lastSpawnError OS reason of the last failed spawn, null if none
 * @param reason         why the slot is in its state (FATAL reason, backoff delay…), null if nothing to say
 * @param backoffMillis  the delay before the pending restart while in BACKOFF, else 0
 * @param output         bytes output capture had to drop, per stream
 * @param usage          CPU and memory of the process and all it started (cgroup mode), else unknown
 * @param probes         the health checks of the current (or last) child, empty without checks
 * @param release        the release the current (or last) child was started with: its watcher's
 *                       {@code release_link} resolved at spawn; null without a link (docs/zero-downtime.md)
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
        long backoffMillis,
        OutputCounters output,
        ResourceUsage usage,
        java.util.List<io.jsuper.jsuperd.health.ProbeStatus> probes,
        String release) {

    public ProcessInfo {
        probes = probes == null ? java.util.List.of() : java.util.List.copyOf(probes);
    }

    /** Without a release. */
    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason, long backoffMillis,
                       OutputCounters output, ResourceUsage usage,
                       java.util.List<io.jsuper.jsuperd.health.ProbeStatus> probes) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason,
                backoffMillis, output, usage, probes, null);
    }

    /** Without health checks. */
    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason, long backoffMillis,
                       OutputCounters output, ResourceUsage usage) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason,
                backoffMillis, output, usage, java.util.List.of());
    }

    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason, 0);
    }

    /** Without output counters (nothing dropped). */
    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason, long backoffMillis) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason,
                backoffMillis, OutputCounters.NONE);
    }

    /** Resource usage unknown. */
    public ProcessInfo(String watcher, int wid, ProcessState state, int pid, long uptimeMillis, int startCount,
                       int restarts, String lastExit, String lastSpawnError, String reason, long backoffMillis,
                       OutputCounters output) {
        this(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError, reason,
                backoffMillis, output, ResourceUsage.UNKNOWN);
    }

    /** "web:1". */
    public String displayName() {
        return watcher + ":" + wid;
    }

    /** The same picture with {@code uptimeMillis} as of a later read. */
    public ProcessInfo withUptime(long millis) {
        return new ProcessInfo(watcher, wid, state, pid, millis, startCount, restarts, lastExit, lastSpawnError,
                reason, backoffMillis, output, usage, probes, release);
    }

    /**
     * The same picture with what changes without loop events as of a later read: uptime, output counters and
     * resource usage (one copy per process per status call instead of three).
     */
    public ProcessInfo withLive(long millis, OutputCounters counters, ResourceUsage now) {
        return new ProcessInfo(watcher, wid, state, pid, millis, startCount, restarts, lastExit, lastSpawnError,
                reason, backoffMillis, counters, now, probes, release);
    }

    /** The same picture with the checks' ages as of {@code nowNanos} on the loop's clock. */
    public ProcessInfo withProbesAt(long nowNanos) {
        if (probes.isEmpty()) {
            return this;
        }
        java.util.List<io.jsuper.jsuperd.health.ProbeStatus> aged = new java.util.ArrayList<>(probes.size());
        probes.forEach(s -> aged.add(s.at(nowNanos)));
        return new ProcessInfo(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError,
                reason, backoffMillis, output, usage, aged, release);
    }

    /** The same picture with the output counters as of a later read. */
    public ProcessInfo withOutput(OutputCounters counters) {
        return new ProcessInfo(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError,
                reason, backoffMillis, counters, usage, probes, release);
    }

    /** The same picture with the resource usage read from the process's cgroup. */
    public ProcessInfo withUsage(ResourceUsage now) {
        return new ProcessInfo(watcher, wid, state, pid, uptimeMillis, startCount, restarts, lastExit, lastSpawnError,
                reason, backoffMillis, output, now, probes, release);
    }
}
