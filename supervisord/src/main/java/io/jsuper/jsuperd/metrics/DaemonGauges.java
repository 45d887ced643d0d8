package io.jsuper.jsuperd.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** jsuperd's own JVM: heap, threads, open descriptors, resident memory (read at scrape time, from /proc). */
public final class DaemonGauges {
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final Path STATUS = Path.of("/proc/self/status");
    /** Counting stops here: a daemon with more open fds than this has other problems to report first. */
    static final int MAX_FDS_COUNTED = 1 << 20;

    public DaemonGauges() {
    }

    void writeTo(PrometheusText t) {
        t.family("jsuper_daemon_heap_used_bytes", "gauge", "Java heap in use by jsuperd.");
        t.sample("jsuper_daemon_heap_used_bytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        t.family("jsuper_daemon_threads", "gauge", "Live threads of jsuperd.");
        t.sample("jsuper_daemon_threads", ManagementFactory.getThreadMXBean().getThreadCount());
        long fds = openFds();
        if (fds >= 0) {
            t.family("jsuper_daemon_open_fds", "gauge", "File descriptors jsuperd holds open.");
            t.sample("jsuper_daemon_open_fds", fds);
        }
        long rss = residentBytes();
        if (rss >= 0) {
            t.family("jsuper_daemon_resident_memory_bytes", "gauge", "Resident memory of jsuperd (VmRSS).");
            t.sample("jsuper_daemon_resident_memory_bytes", rss);
        }
    }

    /**
     * Since Linux 6.2 the size of {@code /proc/self/fd} is the count: one stat instead of listing thousands of
     * entries (jsuperd holds pipes for every child; listing them was a tenth of a scrape with 1000 processes).
     */
    static long openFds() {
        long size = FD_DIR.toFile().length();
        if (size > 0) {
            return Math.min(size, MAX_FDS_COUNTED);
        }
        long n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD_DIR)) {
            for (Path ignored : dir) {
                if (++n >= MAX_FDS_COUNTED) {
                    break;
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
