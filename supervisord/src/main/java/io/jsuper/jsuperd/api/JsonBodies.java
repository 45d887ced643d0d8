package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.ReloadPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of the API's JSON bodies (documented in docs/api.md); field names are part of the API. */
public final class JsonBodies {
    private JsonBodies() {
    }

    public static Map<String, Object> process(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>(16);
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
        if (p.usage().cpuUsec() >= 0) {
            m.put("cpu_usec", p.usage().cpuUsec());
        }
        if (p.usage().memoryBytes() >= 0) {
            m.put("memory_bytes", p.usage().memoryBytes());
        }
        return m;
    }

    /** {@code {"services":[…]}}. */
    public static Map<String, Object> services(List<ProcessInfo> infos) {
        List<Object> list = new ArrayList<>(infos.size());
        for (ProcessInfo p : infos) {
            list.add(process(p));
        }
        return Map.of("services", list);
    }

    public static Map<String, Object> reloadPlan(ReloadPlan plan, boolean dryRun) {
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
