package io.jsuper.jsuperd.config;

import java.util.Optional;

/**
 * Answers whether a cgroup v2 controller can be used on the host jsuperd runs on, so that a limit
 * that cannot be applied ({@code memory_max} without the memory controller…) is a config error
 * with file and line instead of a silently unlimited process. {@link #UNCHECKED} accepts all.
 */
public interface CgroupSupport {

    /** Accepts every limit (tests, or a config read away from its host). */
    CgroupSupport UNCHECKED = (controller, mode) -> Optional.empty();

    /**
     * Empty when {@code controller} (memory, cpu, pids) can be used under {@code mode}; else why not,
     * as a phrase ("jsuperd cannot create cgroups here: no cgroup v2 hierarchy is mounted").
     */
    Optional<String> whyUnavailable(String controller, ContainmentMode mode);
}
