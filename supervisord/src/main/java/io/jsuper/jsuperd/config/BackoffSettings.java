package io.jsuper.jsuperd.config;

import java.time.Duration;

/**
 * Restart backoff: the first failure after a stable run restarts at once; each further failure in a
 * row waits {@code initial * factor^(n-2)}, capped at {@code max}. A run of at least {@code reset}
 * is stable and clears the failure count.
 */
public record BackoffSettings(Duration initial, double factor, Duration max, Duration reset) {

    public static BackoffSettings defaults() {
        return new BackoffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
