package io.jsuper.jsuperd.metrics;

import io.jsuper.jsuperd.Version;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.util.List;
import java.util.Locale;

/** Renders {@code GET /metrics}: every process, its checks, the API and the daemon itself (docs/health.md). */
public final class MetricsPage {
    private MetricsPage() {
    }

    public static String render(List<ProcessInfo> processes, ApiMetrics api, DaemonGauges daemon) {
        PrometheusText t = new PrometheusText();
        t.family("jsuper_build_info", "gauge", "Always 1; the version of jsuperd in a label.");
        t.sample("jsuper_build_info", 1, "version", Version.current());
        processStates(t, processes);
        processCounters(t, processes);
        probes(t, processes);
        api.writeTo(t);
        daemon.writeTo(t);
        StatsdAggregator.GLOBAL.writeTo(t);
        return t.toString();
    }

    private static void processStates(PrometheusText t, List<ProcessInfo> ps) {
        t.family("jsuper_process_state", "gauge", "1 for the state the process is in, 0 for the others.");
        for (ProcessInfo p : ps) {
            for (ProcessState s : ProcessState.values()) {
                t.sample("jsuper_process_state", p.state() == s ? 1 : 0, "watcher", p.watcher(), "process",
                        p.displayName(), "state", s.name());
            }
        }
        gauge(t, ps, "jsuper_process_up", "1 when the process is RUNNING.",
                p -> p.state() == ProcessState.RUNNING ? 1 : 0);
        gauge(t, ps, "jsuper_process_uptime_seconds", "Time since the current child was spawned (0 without one).",
                p -> p.uptimeMillis() / 1000.0);
        gauge(t, ps, "jsuper_process_backoff_seconds", "Delay before the pending restart while in BACKOFF.",
                p -> p.backoffMillis() / 1000.0);
        gauge(t, ps, "jsuper_process_pid", "Pid of the main process (0 without one).", ProcessInfo::pid);
    }

    private static void processCounters(PrometheusText t, List<ProcessInfo> ps) {
        counter(t, ps, "jsuper_process_starts_total", "Children spawned for this process since jsuperd started.",
                ProcessInfo::startCount);
        counter(t, ps, "jsuper_process_restarts_total", "Automatic restarts (after a crash, a failed start or a "
                + "failed liveness check).", ProcessInfo::restarts);
        t.family("jsuper_process_cpu_seconds_total", "counter", "CPU time of the process's cgroup (cgroup containment only).");
        ps.stream().filter(p -> p.usage().cpuUsec() >= 0).forEach(p -> t.sample("jsuper_process_cpu_seconds_total",
                p.usage().cpuUsec() / 1e6, "watcher", p.watcher(), "process", p.displayName()));
        t.family("jsuper_process_memory_bytes", "gauge", "Memory of the process's cgroup (memory.current, where present).");
        ps.stream().filter(p -> p.usage().memoryBytes() >= 0).forEach(p -> t.sample("jsuper_process_memory_bytes",
                p.usage().memoryBytes(), "watcher", p.watcher(), "process", p.displayName()));
        t.family("jsuper_process_output_dropped_bytes_total", "counter", "Output bytes capture had to drop, by stream.");
        for (ProcessInfo p : ps) {
            t.sample("jsuper_process_output_dropped_bytes_total", p.output().stdoutDroppedBytes(), "watcher",
                    p.watcher(), "process", p.displayName(), "stream", "stdout");
            t.sample("jsuper_process_output_dropped_bytes_total", p.output().stderrDroppedBytes(), "watcher",
                    p.watcher(), "process", p.displayName(), "stream", "stderr");
        }
    }

    private static void probes(PrometheusText t, List<ProcessInfo> ps) {
        probeFamily(t, ps, "jsuper_probe_passing", "gauge", "1 when the check passes (after its thresholds).",
                s -> s.passing() ? 1 : 0);
        probeFamily(t, ps, "jsuper_probe_latency_seconds", "gauge", "How long the last check took.",
                s -> s.lastLatencyMillis() / 1000.0);
        probeFamily(t, ps, "jsuper_probe_consecutive_failures", "gauge", "Failed checks in a row.",
                ProbeStatus::consecutiveFailures);
        probeFamily(t, ps, "jsuper_probe_checks_total", "counter", "Checks made for the current child.",
                ProbeStatus::checks);
    }

    private static void probeFamily(PrometheusText t, List<ProcessInfo> ps, String name, String type, String help,
                                    java.util.function.ToDoubleFunction<ProbeStatus> value) {
        t.family(name, type, help);
        for (ProcessInfo p : ps) {
            for (ProbeStatus s : p.probes()) {
                t.sample(name, value.applyAsDouble(s), "watcher", p.watcher(), "process", p.displayName(),
                        "probe", s.role().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static void gauge(PrometheusText t, List<ProcessInfo> ps, String name, String help,
                              java.util.function.ToDoubleFunction<ProcessInfo> value) {
        perProcess(t, ps, name, "gauge", help, value);
    }

    private static void counter(PrometheusText t, List<ProcessInfo> ps, String name, String help,
                                java.util.function.ToDoubleFunction<ProcessInfo> value) {
        perProcess(t, ps, name, "counter", help, value);
    }

    private static void perProcess(PrometheusText t, List<ProcessInfo> ps, String name, String type, String help,
                                   java.util.function.ToDoubleFunction<ProcessInfo> value) {
        t.family(name, type, help);
        for (ProcessInfo p : ps) {
            t.sample(name, value.applyAsDouble(p), "watcher", p.watcher(), "process", p.displayName());
        }
    }
}
