package io.jsuper.jsuperd.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * jsuperd's own work, counted where it happens: spawn latency (on the loop), config reloads and the config
 * generation, and the supervisor loop's lag (measured at scrape time by a task sent to the loop, so an idle
 * daemon spends nothing on it).
 */
public final class DaemonStats {
    private final Histogram spawnLatency = new Histogram(Histogram.LATENCY_BOUNDS);
    private final LongAdder reloadsOk = new LongAdder();
    private final LongAdder reloadsFailed = new LongAdder();
    private final AtomicLong generation = new AtomicLong(1);
    private final AtomicReference<Boolean> lastReloadOk = new AtomicReference<>(null);
    private final AtomicLong lastReloadEpochMillis = new AtomicLong();
    private volatile double loopLagSeconds = -1;

    /** One spawn took {@code nanos} (plan, fork and exec of the helper). */
    public void spawned(long nanos) {
        spawnLatency.observeNanos(nanos);
    }

    /** A config reload ended; an applied one starts a new config generation. */
    public void reloaded(boolean ok, long epochMillis) {
        (ok ? reloadsOk : reloadsFailed).increment();
        if (ok) {
            generation.incrementAndGet();
        }
        lastReloadOk.set(ok);
        lastReloadEpochMillis.set(epochMillis);
    }

    /** How long the last task sent to the loop waited before it ran. */
    public void loopLag(long nanos) {
        loopLagSeconds = nanos / 1e9;
    }

    void writeTo(PrometheusText t) {
        t.family("jsuper_daemon_spawn_duration_seconds", "histogram", "Time to spawn a child (plan, fork, exec of the spawn helper).");
        spawnLatency.writeTo(t, "jsuper_daemon_spawn_duration_seconds");
        t.family("jsuper_daemon_reloads_total", "counter", "Config reloads, by result.");
        t.sample("jsuper_daemon_reloads_total", reloadsOk.sum(), "result", "ok");
        t.sample("jsuper_daemon_reloads_total", reloadsFailed.sum(), "result", "failed");
        Boolean last = lastReloadOk.get();
        t.family("jsuper_daemon_last_reload_success", "gauge", "1 when the last config reload was applied, 0 when it failed (absent before the first).");
        if (last != null) {
            t.sample("jsuper_daemon_last_reload_success", last ? 1 : 0);
        }
        t.family("jsuper_daemon_last_reload_timestamp_seconds", "gauge", "When the last config reload ended (0 before the first).");
        t.sample("jsuper_daemon_last_reload_timestamp_seconds", lastReloadEpochMillis.get() / 1000.0);
        t.family("jsuper_daemon_config_generation", "gauge", "1 at start, +1 for every applied reload.");
        t.sample("jsuper_daemon_config_generation", generation.get());
        if (loopLagSeconds >= 0) {
            t.family("jsuper_daemon_loop_lag_seconds", "gauge", "How long a task waited for the supervisor loop (measured at scrape).");
            t.sample("jsuper_daemon_loop_lag_seconds", loopLagSeconds);
        }
    }
}
