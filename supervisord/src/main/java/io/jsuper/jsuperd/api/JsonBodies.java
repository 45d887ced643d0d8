package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.core.Goal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of the API's JSON bodies (documented in docs/api.md); field names are part of the API. */
public final class JsonBodies {
    private JsonBodies() {
    }

    public static Map<String, Object> process(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>(32); // up to 19 keys: 16 would be resized once per process
        m.put("watcher", p.watcher());
        m.put("wid", p.wid());
        m.put("name", p.displayName());
        m.put("state", p.state() == null ? null : p.state().name());
        m.put("pid", p.pid());
        m.put("uptime_ms", p.uptimeMillis());
        m.put("start_count", p.startCount());
        m.put("restarts", p.restarts());
        m.put("last_exit", p.lastExit());
        m.put("last_spawn_error", p.lastSpawnError());
        m.put("reason", p.reason());
        m.put("backoff_ms", p.backoffMillis());
        Map<String, Object> output = new LinkedHashMap<>(4);
        output.put("stdout_dropped_bytes", p.output().stdoutDroppedBytes());
        output.put("stderr_dropped_bytes", p.output().stderrDroppedBytes());
        m.put("output", output);
        if (p.usage().cpuUsec() >= 0) {
            m.put("cpu_usec", p.usage().cpuUsec());
        }
        if (p.usage().memoryBytes() >= 0) {
            m.put("memory_bytes", p.usage().memoryBytes());
        }
        if (p.usage().memoryPeakBytes() >= 0) {
            m.put("memory_peak_bytes", p.usage().memoryPeakBytes());
        }
        if (p.usage().tasks() >= 0) {
            m.put("tasks", p.usage().tasks());
        }
        if (!p.probes().isEmpty()) {
            m.put("probes", probes(p.probes(), System.currentTimeMillis()));
        }
        if (p.release() != null) {
            m.put("release", p.release());
        }
        return m;
    }

    /**
     * One object per health check of a process (docs/monitoring.md); {@code nowEpochMillis} turns the age of
     * the last check into wall-clock time (the core keeps only monotonic time).
     */
    static List<Object> probes(List<io.jsuper.jsuperd.health.ProbeStatus> probes, long nowEpochMillis) {
        List<Object> list = new ArrayList<>(probes.size());
        for (io.jsuper.jsuperd.health.ProbeStatus s : probes) {
            Map<String, Object> m = new LinkedHashMap<>(12);
            m.put("role", s.role());
            m.put("check", s.check());
            m.put("passing", s.passing());
            m.put("last_result", s.lastResult());
            m.put("last_latency_ms", s.lastLatencyMillis());
            m.put("consecutive_failures", s.consecutiveFailures());
            m.put("consecutive_successes", s.consecutiveSuccesses());
            m.put("checks", s.checks());
            long at = s.lastCheckEpochMillis(nowEpochMillis);
            m.put("last_check_at_ms", at < 0 ? null : at);
            m.put("last_check_age_ms", s.lastCheckAgeMillis() < 0 ? null : s.lastCheckAgeMillis());
            list.add(m);
        }
        return list;
    }

    /** {@code {"services":[…]}} ({@link ServicesBody}). */
    public static Object services(List<ProcessInfo> infos) {
        return new ServicesBody(infos);
    }

    /**
     * {@code {"services":[…], "ok": all}} for a command that waited for {@code goal}: each process says
     * whether it got there ({@code "ok"}), so a command on several targets reports every one.
     */
    public static Object outcome(List<ProcessInfo> infos, Goal goal) {
        return new ServicesBody(infos, goal);
    }

    public static Map<String, Object> reloadPlan(ConfigDiff plan, boolean dryRun) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("dry_run", dryRun);
        m.put("added", plan.added());
        m.put("changed", plan.changed());
        m.put("removed", plan.removed());
        m.put("unchanged", plan.unchanged());
        return m;
    }

    /** {@code {"error":{"code":"NOT_RUNNING","number":21,"message":"…"}}}. */
    public static Map<String, Object> error(ErrorCode code, String message) {
        Map<String, Object> e = new LinkedHashMap<>(4);
        e.put("code", code.name());
        e.put("number", code.number());
        e.put("message", message == null ? code.name() : message);
        return Map.of("error", e);
    }
}
