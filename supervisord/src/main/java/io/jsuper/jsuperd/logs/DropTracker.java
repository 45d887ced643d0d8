package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The failure side of one log file: counts the bytes dropped, decides when the disk may be tried again
 * (backoff from 100 ms to 1 s, so capture resumes within a second of space coming back without a syscall
 * per chunk while the disk is full) and says so in the daemon log, at most once a minute per file.
 * Written on the output thread only; {@link #droppedBytes()} may be read from any thread.
 */
final class DropTracker {

    private static final Logger LOG = LoggerFactory.getLogger(RotatingFileSink.class);
    static final long FIRST_RETRY_NANOS = 100_000_000L;
    static final long MAX_RETRY_NANOS = 1_000_000_000L;
    static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
    /** Outage start/end lines per file per minute: a child flipping its log path between a file and a FIFO cannot flood the log. */
    static final int LINES_PER_INTERVAL = 10;

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile long dropped; // single writer (the output thread); volatile for status readers
    private boolean failing;
    private long retryAt;
    private long backoff;
    private long lastLogAt;
    private long droppedThisOutage;
    private long windowStart;
    private int linesInWindow;

    DropTracker(Path file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
    }

    long droppedBytes() {
        return dropped;
    }

    /** True while the last open or write failed (until one succeeds). */
    boolean failing() {
        return failing;
    }

    /** True unless the file failed and its backoff has not elapsed. */
    boolean mayTry() {
        return !failing || nanoTime.getAsLong() - retryAt >= 0;
    }

    /** An open or write failed: {@code lost} bytes are dropped and the next try waits. */
    void failed(String what, Exception cause, long lost) {
        long now = nanoTime.getAsLong();
        if (!failing) {
            failing = true;
            backoff = FIRST_RETRY_NANOS;
            lastLogAt = now;
            if (mayLog(now)) {
                LOG.error("cannot {} log file {}: {}; dropping its output and retrying", what, file, cause.toString());
            }
        } else {
            backoff = Math.min(MAX_RETRY_NANOS, backoff * 2);
        }
        retryAt = now + backoff;
        dropped(lost);
    }

    /** Bytes thrown away without trying (inside a backoff, or after a failure). */
    void dropped(long lost) {
        if (lost <= 0) {
            return;
        }
        dropped += lost;
        droppedThisOutage += lost;
        if (failing) {
            long now = nanoTime.getAsLong();
            if (now - lastLogAt >= LOG_INTERVAL_NANOS) {
                lastLogAt = now;
                LOG.warn("still cannot write log file {}: {} bytes dropped so far", file, droppedThisOutage);
            }
        }
    }

    /** A write went through: leave the failing state (and say so once). */
    void succeeded() {
        if (failing) {
            failing = false;
            if (mayLog(nanoTime.getAsLong())) {
                LOG.info("writing log file {} again after dropping {} bytes", file, droppedThisOutage);
            }
            droppedThisOutage = 0;
        }
    }

    private boolean mayLog(long now) {
        if (linesInWindow == 0 || now - windowStart >= LOG_INTERVAL_NANOS) {
            windowStart = now;
            linesInWindow = 0;
        }
        return ++linesInWindow <= LINES_PER_INTERVAL;
    }

    /** The operator reopened the files: try at once. */
    void retryNow() {
        retryAt = nanoTime.getAsLong();
    }
}
