package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.metrics.ProcSampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /services/{name}/stats}: what each process of a watcher uses now: CPU seconds, resident memory,
 * threads and open descriptors of its main process (/proc), and its cgroup's CPU and memory where there is one.
 */
public final class ShowStats implements ApiCommand {
    private final ProcSampler proc = new ProcSampler(Path.of("/proc"));

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        // one watcher's processes: a few /proc reads, cheap enough for the thread that completes the status
        return control.status(request.param("name")).thenApply(processes -> {
            List<Object> out = new ArrayList<>(processes.size());
            for (ProcessInfo p : processes) {
                out.add(stats(p));
            }
            return ApiReply.ok(Map.of("processes", out));
        });
    }

    private Map<String, Object> stats(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>(12);
        m.put("name", p.displayName());
        m.put("state", p.state().name());
        m.put("pid", p.pid());
        m.put("uptime_ms", p.uptimeMillis());
        proc.sample(p.pid()).ifPresent(s -> {
            m.put("cpu_seconds", s.cpuSeconds());
            m.put("rss_bytes", s.residentBytes());
            m.put("threads", s.threads());
            if (s.fds() >= 0) {
                m.put("fds", s.fds());
            }
        });
        if (p.usage().cpuUsec() >= 0) {
            m.put("cgroup_cpu_seconds", p.usage().cpuUsec() / 1e6);
        }
        if (p.usage().memoryBytes() >= 0) {
            m.put("cgroup_memory_bytes", p.usage().memoryBytes());
        }
        return m;
    }
}
