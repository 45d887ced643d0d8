package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.BackoffSettings;

import java.time.Duration;

/**
 * How long to wait before restarting after {@code n} failures in a row: the first restarts at once,
 * further ones wait initial × factor^(n-2), capped at backoff_max.
 */
public final class BackoffPolicy {
    private final BackoffSettings settings;

    public BackoffPolicy(BackoffSettings settings) {
        this.settings = settings;
    }

    /** Delay before the restart that follows failure number {@code failuresInARow} (1-based). */
    public Duration delayAfter(int failuresInARow) {
        if (failuresInARow <= 1) {
            return Duration.ZERO;
        }
        double nanos = settings.initial().toNanos() * Math.pow(settings.factor(), failuresInARow - 2);
        long capped = (long) Math.min(nanos, (double) settings.max().toNanos());
        return Duration.ofNanos(capped);
    }

    /** True when a run of {@code ranFor} was long enough to clear the failure count (backoff_reset). */
    public boolean isStable(Duration ranFor) {
        return ranFor.compareTo(settings.reset()) >= 0;
    }
}
