package io.jsuper.jsuperd.events;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.Scheduler;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Publishes a {@code log_dropped} event when output capture of a process had to drop bytes (disk full, a
 * refused log file). The drop counters live in the sinks and grow on the output thread, which must never
 * wait for anyone; so they are compared once per {@code interval} with what the last pass saw: at most one
 * event per stream and interval, carrying the bytes dropped since the previous one. Passes run one after
 * the other (the next is armed when the last has ended); a pass may end on another thread than the one
 * before, so {@link #observe} is synchronized all the same (uncontended).
 */
public final class LogDropEvents {
    /** How often the drop counters are compared when the daemon does not say otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final EventBus bus;
    private final Scheduler scheduler;
    private final Supplier<CompletableFuture<List<ProcessInfo>>> processes;
    private final Duration interval;
    /** Dropped bytes per "process/stream" as of the last pass; rebuilt each pass, so gone processes leave it. */
    private Map<String, Long> seen = new HashMap<>();
    private volatile boolean stopped;

    public LogDropEvents(EventBus bus, Scheduler scheduler, Supplier<CompletableFuture<List<ProcessInfo>>> processes,
                         Duration interval) {
        this.bus = bus;
        this.scheduler = scheduler;
        this.processes = processes;
        this.interval = interval;
    }

    /** Arms the first pass; each pass arms the next until {@link #stop()}. */
    public void start() {
        arm();
    }

    public void stop() {
        stopped = true;
    }

    private void arm() {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(interval, this::pass);
        } catch (RuntimeException e) {
            stopped = true; // the loop is closing: nothing left to watch
        }
    }

    private void pass() {
        if (stopped) {
            return;
        }
        CompletableFuture<List<ProcessInfo>> now;
        try {
            now = processes.get();
        } catch (RuntimeException e) {
            arm();
            return;
        }
        now.whenComplete((list, error) -> {
            if (error == null) {
                observe(list);
            }
            arm();
        });
    }

    /** Compares the counters with the last pass and publishes one event per stream that dropped more. */
    synchronized void observe(List<ProcessInfo> list) {
        Map<String, Long> next = new HashMap<>(Math.max(16, list.size() * 3));
        for (ProcessInfo p : list) {
            stream(p, "stdout", p.output().stdoutDroppedBytes(), next);
            stream(p, "stderr", p.output().stderrDroppedBytes(), next);
        }
        seen = next;
    }

    private void stream(ProcessInfo p, String stream, long total, Map<String, Long> next) {
        String key = p.displayName() + "/" + stream;
        long before = seen.getOrDefault(key, 0L);
        next.put(key, total);
        if (total <= before) {
            return; // nothing new, or a new sink (reload, reopen) started its counter afresh
        }
        Map<String, Object> data = new LinkedHashMap<>(8);
        data.put("watcher", p.watcher());
        data.put("process", p.displayName());
        data.put("stream", stream);
        data.put("dropped_bytes", total - before);
        data.put("total_dropped_bytes", total);
        bus.publish("log_dropped", data);
    }
}
