package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.BackoffSettings;

import java.time.Duration;

/**
 * Decides how long to wait before restarting after {@code n} failures in a row, and when to give up.
 * The first failure after a stable run restarts at once; further ones wait initial × factor^(n-2), capped.
 */
public final class BackoffPolicy {
    private final BackoffSettings settings;
    private final int maxRetry;

    public BackoffPolicy(BackoffSettings settings, int maxRetry) {
        this.settings = settings;
        this.maxRetry = maxRetry;
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

    /** True when {@code failuresInARow} failures use up max_retry retries (-1: never). */
    public boolean givesUpAfter(int failuresInARow) {
        return maxRetry >= 0 && failuresInARow > maxRetry;
    }

    /** True when a run of {@code ranFor} was long enough to clear the failure count. */
    public boolean isStable(Duration ranFor) {
        return ranFor.compareTo(settings.reset()) >= 0;
    }
}
