package io.jsuper.jsuperd.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * How many descriptors the daemon may still open before {@code RLIMIT_NOFILE}: the open count is read
 * from {@code /proc/self/fd} at most every {@link #REFRESH_NANOS}, plus the connections accepted since,
 * so a flood of connections costs one directory scan per interval. Shared by both listeners.
 */
final class FdBudget {
    private static final Logger LOG = LoggerFactory.getLogger(FdBudget.class);
    static final long REFRESH_NANOS = 100_000_000L;
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final Path LIMITS = Path.of("/proc/self/limits");

    private final LongSupplier nanoClock;
    private long lastRefresh;
    private boolean fresh;
    private long open;
    private long limit = Long.MAX_VALUE;

    FdBudget(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Free descriptors, counting this one (just accepted) as open. */
    synchronized long freeAfterAccept() {
        long now = nanoClock.getAsLong();
        if (!fresh || now - lastRefresh >= REFRESH_NANOS) {
            refresh();
            lastRefresh = now;
            fresh = true;
        } else {
            open++;
        }
        return limit - open;
    }

    /** A counted connection was closed: one descriptor fewer until the next scan. */
    synchronized void closed() {
        if (open > 0) {
            open--;
        }
    }

    /** Free descriptors from a scan right now, counting this one as open (for the operator's unix socket). */
    synchronized long freeExact() {
        refresh();
        lastRefresh = nanoClock.getAsLong();
        fresh = true;
        return limit - open;
    }

    private void refresh() {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD_DIR)) {
            for (Path ignored : fds) {
                count++;
            }
            open = count;
        } catch (IOException | RuntimeException e) {
            // With no descriptor left even the scan fails: that is "nothing free", not "unknown".
            open = limit;
            LOG.debug("cannot count open descriptors: {}", e.toString());
            return;
        }
        limit = softNofileLimit();
    }

    /** The soft limit from /proc/self/limits ("Max open files  1024  4096  files"); unlimited when unreadable. */
    static long softNofileLimit() {
        try {
            for (String line : Files.readAllLines(LIMITS)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read RLIMIT_NOFILE: {}", e.toString());
        }
        return Long.MAX_VALUE;
    }
}
