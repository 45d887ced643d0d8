package io.jsuper.jsuperd.containment;

/**
 * CPU, memory and tasks used by a process and everything it started, from its cgroup.
 *
 * @param cpuUsec         CPU time in microseconds ({@code cpu.stat usage_usec}), -1 when unknown
 * @param memoryBytes     memory in bytes ({@code memory.current}), -1 when unknown (no memory controller)
 * @param memoryPeakBytes the most memory used since the cgroup was made ({@code memory.peak}, Linux 5.19+),
 *                        -1 when unknown
 * @param tasks           processes and threads in it ({@code pids.current}), -1 when unknown (no pids controller)
 */
public record ResourceUsage(long cpuUsec, long memoryBytes, long memoryPeakBytes, long tasks) {
    public static final ResourceUsage UNKNOWN = new ResourceUsage(-1, -1);

    /** CPU and memory only (peak and tasks unknown). */
    public ResourceUsage(long cpuUsec, long memoryBytes) {
        this(cpuUsec, memoryBytes, -1, -1);
    }
}
