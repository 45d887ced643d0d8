package io.jsuper.jsuperd.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A Prometheus histogram with fixed bucket bounds (seconds): lock-free to observe from any thread, read at
 * scrape time. Samples are written cumulatively as the format asks ({@code le} buckets, {@code +Inf}, sum, count).
 */
public final class Histogram {
    /** Latency bounds from 1 ms to 10 s: API requests, spawns, the loop's lag. */
    public static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** One observation of {@code seconds}. */
    public void observe(double seconds) {
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(seconds);
    }

    public void observeNanos(long nanos) {
        observe(nanos / 1e9);
    }

    /** The samples of this histogram (the family line is the caller's); {@code labels} alternate name, value. */
    void writeTo(PrometheusText t, String name, String... labels) {
        long cumulative = 0;
        String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts.get(i);
            withLe[labels.length + 1] = i < bounds.length ? PrometheusText.format(bounds[i]) : "+Inf";
            t.sample(name + "_bucket", cumulative, withLe);
        }
        t.sample(name + "_sum", sum.sum(), labels);
        t.sample(name + "_count", cumulative, labels);
    }
}
