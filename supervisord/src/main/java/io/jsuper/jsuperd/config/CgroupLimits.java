package io.jsuper.jsuperd.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resource limits of one watcher's cgroup v2 (all its processes together, like a systemd unit).
 *
 * @param memoryMax  bytes, written to {@code memory.max} (memory controller)
 * @param cpuWeight  1..10000, written to {@code cpu.weight} (cpu controller)
 * @param cpuMax     {@code "QUOTA PERIOD"} in microseconds, written to {@code cpu.max} (cpu controller)
 * @param tasksMax   processes and threads, written to {@code pids.max} (pids controller)
 */
public record CgroupLimits(Optional<Long> memoryMax, Optional<Integer> cpuWeight, Optional<String> cpuMax,
                           Optional<Long> tasksMax) {

    public static final CgroupLimits NONE = new CgroupLimits(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** The option of each limit, the controller it needs and the file it is written to. */
    public enum Limit {
        MEMORY_MAX("memory_max", "memory", "memory.max"),
        CPU_WEIGHT("cpu_weight", "cpu", "cpu.weight"),
        CPU_MAX("cpu_max", "cpu", "cpu.max"),
        TASKS_MAX("tasks_max", "pids", "pids.max");

        public final String option;
        public final String controller;
        public final String file;

        Limit(String option, String controller, String file) {
            this.option = option;
            this.controller = controller;
            this.file = file;
        }
    }

    public boolean isEmpty() {
        return values().isEmpty();
    }

    /** The set limits, as the text each file takes, in a fixed order. */
    public Map<Limit, String> values() {
        Map<Limit, String> out = new LinkedHashMap<>();
        memoryMax.ifPresent(v -> out.put(Limit.MEMORY_MAX, Long.toString(v)));
        cpuWeight.ifPresent(v -> out.put(Limit.CPU_WEIGHT, Integer.toString(v)));
        cpuMax.ifPresent(v -> out.put(Limit.CPU_MAX, v));
        tasksMax.ifPresent(v -> out.put(Limit.TASKS_MAX, Long.toString(v)));
        return out;
    }

    /** systemd's CPUQuota= form: {@code 50%} is half a CPU, {@code 200%} two CPUs (period 100 ms). */
    static String cpuMax(String text) {
        String t = text.strip();
        String allowed = "a percentage of one CPU, e.g. 50% or 200% (two CPUs), 1% to 100000%";
        if (!t.endsWith("%")) {
            throw new InvalidValueException(Converters.quote(text) + " is not a percentage", allowed);
        }
        int percent;
        try {
            percent = Converters.integer(t.substring(0, t.length() - 1).strip(), 1, 100_000);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Converters.quote(text) + " is not a CPU percentage", allowed);
        }
        long period = 100_000;
        return (period * percent / 100) + " " + period;
    }
}
