package io.jsuper.jsuperd.containment;

/**
 * CPU and memory used by a process and everything it started, from its cgroup.
 *
 * @param cpuUsec     CPU time in microseconds ({@code cpu.stat usage_usec}), -1 when unknown
 * @param memoryBytes memory in bytes ({@code memory.current}), -1 when unknown (no memory controller)
 */
public record ResourceUsage(long cpuUsec, long memoryBytes) {
    public static final ResourceUsage UNKNOWN = new ResourceUsage(-1, -1);
}
