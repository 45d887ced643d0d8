package io.jsuper.jsuperd.metrics;

import io.jsuper.jsuperd.events.EventBus;

/**
 * What the daemon counts about itself and its services, made once by the daemon and handed to whoever
 * writes or reads it (the network edge, the core's listener, the StatsD listener, {@code /metrics}).
 */
public record Monitoring(ApiMetrics api, EventBus events, StatsdAggregator statsd, DaemonStats daemon) {
    /** Events kept for resuming streams, streams at once, queue per stream (docs/monitoring.md). */
    static final int EVENT_HISTORY = 1000;
    static final int EVENT_STREAMS = 64;
    static final int EVENT_QUEUE = 256;
    /** StatsD series at most; new names beyond are counted as dropped. */
    static final int STATSD_SERIES = 10_000;

    /** A new, empty set with the daemon's bounds. */
    public static Monitoring fresh() {
        return new Monitoring(new ApiMetrics(), new EventBus(EVENT_HISTORY, EVENT_STREAMS, EVENT_QUEUE,
                System::currentTimeMillis), new StatsdAggregator(STATSD_SERIES), new DaemonStats());
    }
}
