package io.jsuper.jsuperd.metrics;

import io.jsuper.jsuperd.Version;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Renders {@code GET /metrics}: every process, its checks, the API and the daemon itself (docs/monitoring.md). */
public final class MetricsPage {
    private final List<ProcessInfo> processes;
    private final Map<String, Map<String, String>> watcherLabels;
    private final Function<ProcessInfo, Optional<ProcSampler.Sample>> proc;
    /** By identity: a ProcessInfo is a deep record whose hashCode walks all of it (a sixth of a scrape's CPU). */
    private final Map<ProcessInfo, PrometheusText.LabelSet> labelCache = new java.util.IdentityHashMap<>();
    /** Epoch milliseconds now: turns the age of a check into a timestamp (the core keeps monotonic time only). */
    private final java.util.function.LongSupplier wallClock;

    /**
     * @param watcherLabels static labels by watcher name ({@code labels = team=payments})
     * @param proc          what /proc says about a process's main pid (read at scrape time)
     */
    public MetricsPage(List<ProcessInfo> processes, Map<String, Map<String, String>> watcherLabels,
                       Function<ProcessInfo, Optional<ProcSampler.Sample>> proc) {
        this(processes, watcherLabels, proc, System::currentTimeMillis);
    }

    /** @param wallClock epoch milliseconds now, for the timestamps of the last checks */
    public MetricsPage(List<ProcessInfo> processes, Map<String, Map<String, String>> watcherLabels,
                       Function<ProcessInfo, Optional<ProcSampler.Sample>> proc, java.util.function.LongSupplier wallClock) {
        this.processes = processes;
        this.watcherLabels = watcherLabels;
        this.proc = proc;
        this.wallClock = wallClock;
    }

    /** Without static labels or /proc readings (tests of the layout). */
    public static String render(List<ProcessInfo> processes, ApiMetrics api, DaemonGauges daemon) {
        return new MetricsPage(processes, Map.of(), p -> Optional.empty())
                .render(new Monitoring(api, null, new StatsdAggregator(1), new DaemonStats()), daemon,
                        new PrometheusText()).toString();
    }

    /** Writes everything into {@code t} and returns it. */
    public PrometheusText render(Monitoring m, DaemonGauges daemon, PrometheusText t) {
        t.family("jsuper_build_info", "gauge", "Always 1; the version of jsuperd in a label.");
        t.sample("jsuper_build_info", 1, "version", Version.current());
        processStates(t);
        processCounters(t);
        processResources(t);
        probes(t);
        m.api().writeTo(t);
        m.daemon().writeTo(t);
        daemon.writeTo(t);
        m.statsd().writeTo(t);
        return t;
    }

    private void processStates(PrometheusText t) {
        t.family("jsuper_process_state", "gauge", "1 for the state the process is in, 0 for the others.");
        for (ProcessInfo p : processes) {
            for (ProcessState s : ProcessState.values()) {
                t.sample("jsuper_process_state", p.state() == s ? 1 : 0, base(p), "state", s.name());
            }
        }
        perProcess(t, "jsuper_process_up", "gauge", "1 when the process is RUNNING.",
                p -> p.state() == ProcessState.RUNNING ? 1 : 0);
        perProcess(t, "jsuper_process_uptime_seconds", "gauge", "Time since the current child was spawned (0 without one).",
                p -> p.uptimeMillis() / 1000.0);
        perProcess(t, "jsuper_process_backoff_seconds", "gauge", "Delay before the pending restart while in BACKOFF.",
                p -> p.backoffMillis() / 1000.0);
        perProcess(t, "jsuper_process_pid", "gauge", "Pid of the main process (0 without one).", ProcessInfo::pid);
    }

    private void processCounters(PrometheusText t) {
        perProcess(t, "jsuper_process_starts_total", "counter", "Children spawned for this process since jsuperd started.",
                ProcessInfo::startCount);
        perProcess(t, "jsuper_process_restarts_total", "counter", "Automatic restarts (after a crash, a failed start "
                + "or a failed liveness check).", ProcessInfo::restarts);
        perProcess(t, "jsuper_process_last_exit_code", "gauge", "Exit code of the last exit (-1 before the first or "
                + "after a signal).", p -> exitCode(p.lastExit()));
        perProcess(t, "jsuper_process_last_exit_signal", "gauge", "Signal number that ended the last child (0 when "
                + "it exited by itself).", p -> exitSignal(p.lastExit()));
        perStream(t, "jsuper_process_output_bytes_total", "Output bytes the process wrote, by stream.",
                p -> p.output().stdoutBytes(), p -> p.output().stderrBytes());
        perStream(t, "jsuper_process_output_dropped_bytes_total", "Output bytes capture had to drop, by stream.",
                p -> p.output().stdoutDroppedBytes(), p -> p.output().stderrDroppedBytes());
        t.family("jsuper_process_release_info", "gauge", "1, labelled with the release the process was started with "
                + "(its watcher's release_link resolved at spawn; absent without one).");
        processes.stream().filter(p -> p.release() != null).forEach(p -> t.sample(
                "jsuper_process_release_info", 1, base(p), "release", p.release()));
    }

    private void processResources(PrometheusText t) {
        t.family("jsuper_process_cpu_seconds_total", "counter", "CPU time of the process's cgroup (cgroup containment only).");
        processes.stream().filter(p -> p.usage().cpuUsec() >= 0).forEach(p -> t.sample(
                "jsuper_process_cpu_seconds_total", p.usage().cpuUsec() / 1e6, base(p)));
        t.family("jsuper_process_memory_bytes", "gauge", "Memory of the process's cgroup (memory.current, where present).");
        processes.stream().filter(p -> p.usage().memoryBytes() >= 0).forEach(p -> t.sample(
                "jsuper_process_memory_bytes", p.usage().memoryBytes(), base(p)));
        t.family("jsuper_process_memory_peak_bytes", "gauge", "Most memory the process's cgroup used (memory.peak, where present).");
        processes.stream().filter(p -> p.usage().memoryPeakBytes() >= 0).forEach(p -> t.sample(
                "jsuper_process_memory_peak_bytes", p.usage().memoryPeakBytes(), base(p)));
        t.family("jsuper_process_tasks", "gauge", "Processes and threads in the process's cgroup (pids.current, where present).");
        processes.stream().filter(p -> p.usage().tasks() >= 0).forEach(p -> t.sample(
                "jsuper_process_tasks", p.usage().tasks(), base(p)));
        List<Sampled> samples = new java.util.ArrayList<>(processes.size());
        for (ProcessInfo p : processes) {
            proc.apply(p).ifPresent(s -> samples.add(new Sampled(p, s)));
        }
        sampled(t, samples, "jsuper_process_main_cpu_seconds_total", "counter",
                "CPU time of the main process (/proc; children it waited for included).", ProcSampler.Sample::cpuSeconds);
        sampled(t, samples, "jsuper_process_resident_memory_bytes", "gauge", "Resident memory of the main process (/proc).",
                ProcSampler.Sample::residentBytes);
        sampled(t, samples, "jsuper_process_threads", "gauge", "Threads of the main process (/proc).",
                ProcSampler.Sample::threads);
        t.family("jsuper_process_open_fds", "gauge", "Open descriptors of the main process (/proc; absent when jsuperd may not list them).");
        for (Sampled s : samples) {
            if (s.sample().fds() >= 0) {
                t.sample("jsuper_process_open_fds", s.sample().fds(), base(s.process()));
            }
        }
    }

    private void probes(PrometheusText t) {
        probeFamily(t, "jsuper_probe_passing", "gauge", "1 when the check passes (after its thresholds).",
                s -> s.passing() ? 1 : 0);
        probeFamily(t, "jsuper_probe_latency_seconds", "gauge", "How long the last check took.",
                s -> s.lastLatencyMillis() / 1000.0);
        probeFamily(t, "jsuper_probe_consecutive_failures", "gauge", "Failed checks in a row.",
                ProbeStatus::consecutiveFailures);
        probeFamily(t, "jsuper_probe_checks_total", "counter", "Checks made for the current child.",
                ProbeStatus::checks);
        String stamp = "jsuper_probe_last_check_timestamp_seconds";
        t.family(stamp, "gauge", "When the last check ended (Unix time; absent before the first check).");
        long now = wallClock.getAsLong();
        for (ProcessInfo p : processes) {
            for (ProbeStatus s : p.probes()) {
                long at = s.lastCheckEpochMillis(now);
                if (at >= 0) {
                    t.sample(stamp, at / 1000.0, base(p), "probe", s.role().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private void probeFamily(PrometheusText t, String name, String type, String help, ToDoubleFunction<ProbeStatus> value) {
        t.family(name, type, help);
        for (ProcessInfo p : processes) {
            for (ProbeStatus s : p.probes()) {
                t.sample(name, value.applyAsDouble(s), base(p), "probe", s.role().toLowerCase(Locale.ROOT));
            }
        }
    }

    private void perStream(PrometheusText t, String name, String help, ToDoubleFunction<ProcessInfo> stdout,
                           ToDoubleFunction<ProcessInfo> stderr) {
        t.family(name, "counter", help);
        for (ProcessInfo p : processes) {
            t.sample(name, stdout.applyAsDouble(p), base(p), "stream", "stdout");
            t.sample(name, stderr.applyAsDouble(p), base(p), "stream", "stderr");
        }
    }

    private void perProcess(PrometheusText t, String name, String type, String help, ToDoubleFunction<ProcessInfo> value) {
        t.family(name, type, help);
        for (ProcessInfo p : processes) {
            t.sample(name, value.applyAsDouble(p), base(p));
        }
    }

    private void sampled(PrometheusText t, List<Sampled> samples, String name, String type,
                         String help, ToDoubleFunction<ProcSampler.Sample> value) {
        t.family(name, type, help);
        for (Sampled s : samples) {
            t.sample(name, value.applyAsDouble(s.sample()), base(s.process()));
        }
    }

    /** What /proc said about one process, in the order of the processes. */
    private record Sampled(ProcessInfo process, ProcSampler.Sample sample) {
    }

    /** watcher, process, then the watcher's static labels: rendered once per process and scrape. */
    private PrometheusText.LabelSet base(ProcessInfo p) {
        return labelCache.computeIfAbsent(p, q -> PrometheusText.labelSet(baseLabels(q)));
    }

    private String[] baseLabels(ProcessInfo p) {
        Map<String, String> statics = watcherLabels.getOrDefault(p.watcher(), Map.of());
        String[] out = new String[4 + 2 * statics.size()];
        out[0] = "watcher";
        out[1] = p.watcher();
        out[2] = "process";
        out[3] = p.displayName();
        int i = 4;
        for (Map.Entry<String, String> e : statics.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    /** "exit 3" → 3; a signal or nothing → -1. */
    static int exitCode(String lastExit) {
        if (lastExit != null && lastExit.startsWith("exit ")) {
            try {
                return Integer.parseInt(lastExit.substring(5).trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** "SIGKILL" or "SIGSEGV (core dumped)" → its number; an exit or nothing → 0. */
    static int exitSignal(String lastExit) {
        if (lastExit != null && lastExit.startsWith("signal ")) {
            return exitCode("exit " + lastExit.substring(7).split(" ")[0]) < 0 ? 0
                    : exitCode("exit " + lastExit.substring(7).split(" ")[0]);
        }
        if (lastExit == null || !lastExit.startsWith("SIG")) {
            return 0;
        }
        String name = lastExit.split(" ")[0];
        for (io.jsuper.jsuperd.os.Signal s : io.jsuper.jsuperd.os.Signal.values()) {
            if (s.fullName().equals(name)) {
                return s.number();
            }
        }
        return 0;
    }
}
