package io.jsuper.jsuperd.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads what {@code /proc} says about one main process at scrape time: CPU seconds, resident memory,
 * threads and open descriptors. A process that is gone, or whose descriptors jsuperd may not list
 * (another user's, when jsuperd is not root), gives what could be read.
 */
public final class ProcSampler {
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux ABI jsuperd runs on. */
    static final double TICKS_PER_SECOND = 100;
    static final long PAGE_SIZE = 4096;
    /** Counting descriptors stops here (a process with more has other problems to report first). */
    static final int MAX_FDS_COUNTED = 1 << 20;

    private final Path proc;

    public ProcSampler(Path proc) {
        this.proc = proc;
    }

    /**
     * One process.
     *
     * @param fds open descriptors, -1 when they could not be listed
     */
    public record Sample(double cpuSeconds, long residentBytes, int threads, int fds) {
    }

    public Optional<Sample> sample(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path dir = proc.resolve(Integer.toString(pid));
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // Fields after the command name, which may itself hold spaces and parentheses: start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        if (f.length < 22) {
            return Optional.empty();
        }
        try {
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
            int threads = Integer.parseInt(f[17]);
            long rss = Long.parseLong(f[21]) * PAGE_SIZE;
            return Optional.of(new Sample(cpu, rss, threads, countFds(dir.resolve("fd"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int countFds(Path fdDir) {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fdDir)) {
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
}
