package io.jsuper.jsuperd.config;

import java.util.Optional;

/**
 * Binds a watcher's cgroup limit options and refuses each one the host cannot apply, naming the
 * option and why (no cgroup v2 for jsuperd, or the controller it needs is not enabled).
 */
final class CgroupLimitsBinder {

    static final long MAX_TASKS = 4_194_304; // the kernel's PID_MAX_LIMIT

    private CgroupLimitsBinder() {
    }

    static CgroupLimits bind(SectionValues v, CgroupSupport cgroups, ContainmentMode containment) {
        CgroupLimits limits = new CgroupLimits(
                v.optional("memory_max", Converters::byteSize).filter(b -> positive(v, "memory_max", b)),
                v.optional("cpu_weight", t -> Converters.integer(t, 1, 10_000)),
                v.optional("cpu_max", CgroupLimits::cpuMax),
                v.optional("tasks_max", t -> (long) Converters.integer(t, 1, (int) MAX_TASKS)));
        for (CgroupLimits.Limit limit : limits.values().keySet()) {
            Optional<String> why = cgroups.whyUnavailable(limit.controller, containment);
            why.ifPresent(reason -> v.error(limit.option, limit.option + " needs the cgroup v2 " + limit.controller
                    + " controller, which jsuperd cannot use here: " + reason,
                    "no " + limit.option + " on this host, or a host where jsuperd runs with cgroup v2 and the "
                            + limit.controller + " controller enabled (see docs/containment.md)"));
        }
        return limits;
    }

    private static boolean positive(SectionValues v, String key, long bytes) {
        if (bytes <= 0) {
            v.error(key, "0 bytes would let no process run", "a size above 0, e.g. 512MB");
            return false;
        }
        return true;
    }
}
