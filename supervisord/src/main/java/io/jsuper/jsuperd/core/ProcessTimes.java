package io.jsuper.jsuperd.core;

/**
 * How long ago a process slot last spawned a child and last saw one end, in milliseconds as of the read
 * (-1: never). supervisord's {@code start}/{@code stop} fields of a process that has ended come from these.
 */
public record ProcessTimes(long sinceStartMillis, long sinceStopMillis) {
    public static final ProcessTimes NONE = new ProcessTimes(-1, -1);

    /** Ages as of {@code nowNanos} of marks on the same monotonic clock (a negative mark: never). */
    static ProcessTimes at(long nowNanos, long lastSpawnNanos, long lastEndNanos) {
        return new ProcessTimes(lastSpawnNanos < 0 ? -1 : (nowNanos - lastSpawnNanos) / 1_000_000,
                lastEndNanos < 0 ? -1 : (nowNanos - lastEndNanos) / 1_000_000);
    }
}
