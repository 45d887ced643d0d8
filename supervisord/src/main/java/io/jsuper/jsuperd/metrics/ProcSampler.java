package io.jsuper.jsuperd.metrics;

import java.io.File;
import java.io.FileInputStream;
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

    /** "/proc/": the directory of pid N is this followed by N. */
    private final String procDir;

    public ProcSampler(Path proc) {
        this.procDir = proc.toString() + "/";
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
        String dir = procDir + pid;
        // One open, read and close into a small array: a scrape reads this for every process (1000 of them).
        byte[] stat = new byte[STAT_BYTES];
        int n;
        try (FileInputStream in = new FileInputStream(dir + "/stat")) {
            n = in.readNBytes(stat, 0, stat.length);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        long[] f = statFields(stat, n);
        if (f == null) {
            return Optional.empty();
        }
        double cpu = (f[0] + f[1]) / TICKS_PER_SECOND; // utime, stime
        return Optional.of(new Sample(cpu, f[3] * PAGE_SIZE, (int) f[2], countFds(dir)));
    }

    /** Field numbers (after the command name) of utime, stime, num_threads and rss in /proc/PID/stat. */
    private static final int[] FIELDS = {11, 12, 17, 21};
    /** /proc/PID/stat is about 300 bytes; its command name is at most 64 (TASK_COMM_LEN 16, or a kthread's 64). */
    static final int STAT_BYTES = 1024;

    /**
     * utime, stime, num_threads and rss of a /proc/PID/stat text, or null when it is not one. Fields start
     * after the last ')': the command name before it may itself hold spaces and parentheses.
     */
    static long[] statFields(byte[] text, int length) {
        int i = length - 1;
        while (i >= 0 && text[i] != ')') {
            i--;
        }
        if (i < 0) {
            return null;
        }
        long[] out = new long[FIELDS.length];
        int field = -1;
        int wanted = 0;
        for (i += 1; i < length && wanted < FIELDS.length; i++) {
            if (text[i] == ' ') {
                field++;
                if (field == FIELDS[wanted]) {
                    long v = 0;
                    int digits = 0;
                    for (int j = i + 1; j < length && text[j] >= '0' && text[j] <= '9'; j++, digits++) {
                        v = v * 10 + (text[j] - '0');
                    }
                    if (digits == 0) {
                        return null;
                    }
                    out[wanted++] = v;
                }
            }
        }
        return wanted == FIELDS.length ? out : null;
    }

    /**
     * Since Linux 6.2 the size of {@code /proc/PID/fd} is the number of open descriptors: one stat instead of
     * a directory listing (ten times cheaper, which matters with 1000 processes per scrape). Older kernels
     * say 0 there, and the directory is listed.
     */
    private static int countFds(String processDir) {
        long size = new File(processDir, "fd").length(); // one stat; 0 on an old kernel or when it fails
        if (size > 0) {
            return (int) Math.min(size, MAX_FDS_COUNTED);
        }
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(processDir, "fd"))) {
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
