package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.WatcherConfig;

import java.time.Duration;

/**
 * How many more tries a slot gets and how long it waits before each: {@code max_retry} failed starts in
 * a row end in FATAL (a program that cannot start); a crash after RUNNING restarts with the exponential
 * backoff, forever unless {@code max_restarts} restarts within {@code max_restarts_window} say otherwise.
 * One per slot, touched only on the loop; no allocation per crash.
 */
public final class RestartBudget {

    /** What to do after an ending: wait {@code delay} and try again, or give up (FATAL) saying why. */
    public record Decision(boolean giveUp, Duration delay, String why) {
    }

    private final BackoffPolicy backoff;
    private final int maxRetry;
    private final int maxRestarts;
    private final long windowNanos;
    /** Times of the restarts within the window (a ring of max_restarts entries), only with max_restarts set. */
    private final long[] recentRestarts;
    private int recentHead;
    private int recentCount;
    private int failedStarts;
    private int crashesInARow;

    public RestartBudget(WatcherConfig config) {
        this.backoff = new BackoffPolicy(config.backoff());
        this.maxRetry = config.maxRetry();
        this.maxRestarts = config.maxRestarts();
        this.windowNanos = config.maxRestartsWindow().toNanos();
        this.recentRestarts = new long[Math.max(0, maxRestarts)];
    }

    /** A start that did not get to RUNNING. */
    public Decision afterFailedStart() {
        failedStarts++;
        if (maxRetry >= 0 && failedStarts > maxRetry) {
            return new Decision(true, Duration.ZERO, "could not start: " + tries(failedStarts) + " failed in a row");
        }
        return new Decision(false, backoff.delayAfter(failedStarts), tries(failedStarts) + " failed");
    }

    /** A crash after RUNNING; {@code ranFor} decides whether the run was stable (backoff_reset). */
    public Decision afterCrash(Duration ranFor, long nowNanos) {
        if (backoff.isStable(ranFor)) {
            crashesInARow = 0;
        }
        crashesInARow++;
        if (maxRestarts >= 0 && !withinRestartLimit(nowNanos)) {
            return new Decision(true, Duration.ZERO, "restarted " + maxRestarts + " times within "
                    + windowNanos / 1_000_000_000L + " s (max_restarts)");
        }
        String why = crashesInARow == 1 ? "a crash" : crashesInARow + " crashes without a stable run";
        return new Decision(false, backoff.delayAfter(crashesInARow), why);
    }

    /** The child passed startsecs: failed starts no longer count. */
    public void reachedRunning() {
        failedStarts = 0;
    }

    /** An operator start: a fresh budget for starting (the crash window stays: it measures time). */
    public void operatorStart() {
        failedStarts = 0;
        crashesInARow = 0;
    }

    /** Drops restarts older than the window; true (and records this one) when another restart is allowed. */
    private boolean withinRestartLimit(long nowNanos) {
        while (recentCount > 0) {
            int oldest = Math.floorMod(recentHead - recentCount, recentRestarts.length);
            if (nowNanos - recentRestarts[oldest] < windowNanos) {
                break;
            }
            recentCount--;
        }
        if (recentCount >= maxRestarts) {
            return false;
        }
        recentRestarts[recentHead] = nowNanos;
        recentHead = (recentHead + 1) % recentRestarts.length;
        recentCount++;
        return true;
    }

    private static String tries(int n) {
        return n == 1 ? "1 start" : n + " starts";
    }
}
