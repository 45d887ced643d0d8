package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.containment.ResourceUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of every process, taken on the loop and read from any thread, so that status
 * requests (the most frequent call by far) need no hop onto the loop while nothing changes.
 *
 * @param generation the loop generation it was taken at: still current while the loop has run nothing since
 * @param watchers   slot views per watcher, highest priority first
 * @param clock      the clock the slots' spawn times come from, for uptimes at read time
 */
record StatusSnapshot(long generation, Map<String, List<SlotView>> watchers, Clock clock, UsageSource usage) {

    /** Reads a slot's resource usage when the snapshot is read (usage changes without loop events). */
    interface UsageSource {
        io.jsuper.jsuperd.containment.ResourceUsage of(String watcher, int wid);
    }

    static final UsageSource NO_USAGE = (watcher, wid) -> io.jsuper.jsuperd.containment.ResourceUsage.UNKNOWN;

    StatusSnapshot(long generation, Map<String, List<SlotView>> watchers, Clock clock) {
        this(generation, watchers, clock, NO_USAGE);
    }

    StatusSnapshot {
        watchers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(watchers));
    }

    /** Processes of all watchers. */
    private int count() {
        int n = 0;
        for (List<SlotView> views : watchers.values()) {
            n += views.size();
        }
        return n;
    }

    /** One slot; uptime is computed when read. {@code spawnedAtNanos} is -1 when there is no child. */
    /** {@code output} reads the sinks' live drop counters (they change on the output thread, not on the loop). */
    record SlotView(ProcessInfo info, long spawnedAtNanos, java.util.function.Supplier<OutputCounters> output,
                    long lastSpawnNanos, long lastEndNanos) {
        SlotView(ProcessInfo info, long spawnedAtNanos, java.util.function.Supplier<OutputCounters> output) {
            this(info, spawnedAtNanos, output, spawnedAtNanos, -1);
        }

        SlotView(ProcessInfo info, long spawnedAtNanos) {
            this(info, spawnedAtNanos, () -> OutputCounters.NONE);
        }

        ProcessInfo at(long nowNanos, UsageSource usage) {
            long uptime = spawnedAtNanos < 0 ? 0 : (nowNanos - spawnedAtNanos) / 1_000_000;
            ResourceUsage used = info.pid() == 0 ? info.usage() : usage.of(info.watcher(), info.wid());
            return info.withLive(uptime, output.get(), used, ProcessTimes.at(nowNanos, lastSpawnNanos, lastEndNanos))
                    .withProbesAt(nowNanos);
        }
    }

    /** Processes of {@code name} (or of all watchers), or throws BAD_NAME. */
    List<ProcessInfo> infos(String name) {
        return infos(name, usage);
    }

    /** As {@link #infos(String)}, with the resource usage read from {@code usage} (NO_USAGE: none read). */
    List<ProcessInfo> infos(String name, UsageSource usage) {
        long nowNanos = clock.nanoTime();
        if (name.equals(Supervisor.ALL)) {
            // Plain loops: status is the most frequent call, and C1 code pays for each capturing lambda
            // and iterator of a forEach (two allocations per watcher per call).
            List<ProcessInfo> out = new ArrayList<>(count());
            for (List<SlotView> views : watchers.values()) {
                for (int i = 0, n = views.size(); i < n; i++) {
                    out.add(views.get(i).at(nowNanos, usage));
                }
            }
            return out;
        }
        List<ProcessInfo> out = new ArrayList<>();
        ProcessTarget one = ProcessTarget.parse(name);
        List<SlotView> views = watchers.get(one != null ? one.watcher() : name);
        if (views == null) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + (one != null ? one.watcher() : name));
        }
        views.forEach(v -> out.add(v.at(nowNanos, usage)));
        if (one != null) {
            out.removeIf(p -> p.wid() != one.wid());
            if (out.isEmpty()) {
                throw new ControlException(ErrorCode.BAD_NAME, "no such process: " + name);
            }
        }
        return out;
    }
}
