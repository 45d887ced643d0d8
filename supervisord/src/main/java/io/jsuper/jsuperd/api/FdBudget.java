package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.os.jna.OpenFileLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * How many descriptors the daemon may still open before {@code RLIMIT_NOFILE}. The open count is an estimate
 * between scans of {@code /proc/self/fd} (at most one per {@link #REFRESH_NANOS}, following the connections
 * accepted and closed since), because a scan is slow on a big daemon: 20–60 ms for 5000 descriptors on a
 * loaded 2-core machine. Callers scan exactly ({@link #freeExact()}) near the edge. The limit itself is read
 * on every call ({@code getrlimit}, one cheap syscall): it can be lowered at run time ({@code prlimit}), and
 * an estimate against a stale limit once let a flood take the daemon to {@code EMFILE}. Shared by both listeners.
 */
final class FdBudget {
    private static final Logger LOG = LoggerFactory.getLogger(FdBudget.class);
    static final long REFRESH_NANOS = 100_000_000L;
    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private final LongSupplier nanoClock;
    private final LongSupplier softLimit;
    private final LongSupplier openCount;
    private long lastScan;
    private boolean scanned;
    private long open;

    /** The real budget: {@code getrlimit(RLIMIT_NOFILE)} and a scan of /proc/self/fd. */
    FdBudget(LongSupplier nanoClock) {
        this(nanoClock, () -> OpenFileLimit.current().soft(), FdBudget::countOpen);
    }

    /**
     * @param softLimit the soft {@code RLIMIT_NOFILE}, {@link Long#MAX_VALUE} when unlimited
     * @param openCount descriptors open right now, negative when they cannot be counted
     */
    FdBudget(LongSupplier nanoClock, LongSupplier softLimit, LongSupplier openCount) {
        this.nanoClock = nanoClock;
        this.softLimit = softLimit;
        this.openCount = openCount;
    }

    /** Free descriptors, counting this one (just accepted) as open; a scan when the last one is too old. */
    long freeAfterAccept() {
        synchronized (this) {
            if (scanned && nanoClock.getAsLong() - lastScan < REFRESH_NANOS) {
                open++;
                return free();
            }
        }
        return freeExact();
    }

    /** A counted connection was closed: one descriptor fewer until the next scan. */
    synchronized void closed() {
        if (open > 0) {
            open--;
        }
    }

    /** Free descriptors from a scan right now (the descriptors of connections accepted already are in it). */
    long freeExact() {
        // Outside the lock: the other listener's estimate must not wait for a scan of thousands of descriptors.
        long count = openCount.getAsLong();
        synchronized (this) {
            lastScan = nanoClock.getAsLong();
            if (count < 0) {
                // With no descriptor left even the scan fails: that is "nothing free", not "unknown".
                scanned = false;
                return 0;
            }
            scanned = true;
            open = count;
            return free();
        }
    }

    private long free() {
        long limit = softLimit.getAsLong();
        return limit == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, limit - open);
    }

    /** The soft limit as the budget sees it ({@link Long#MAX_VALUE} when unlimited). */
    long limit() {
        return softLimit.getAsLong();
    }

    /** Open descriptors of this process (the scan's own included), -1 when they cannot be counted. */
    static long countOpen() {
        long size = FD_DIR.toFile().length(); // Linux 6.2+: the count in one stat (a listing of thousands of pipes cost ms)
        if (size > 0) {
            return size + 1; // as a scan counts its own descriptor
        }
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD_DIR)) {
            for (Path ignored : fds) {
                count++;
            }
            return count;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot count open descriptors: {}", e.toString());
            return -1;
        }
    }
}
