package io.jsuper.jsuperd.logs;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jsuper.jsuperd.os.jna.LibC;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second, non-appending descriptor on a log file's inode, for moving a chatty child's output from its
 * pipe to the file with {@code splice(2)}: the bytes never enter the JVM (one copy, pipe to page cache,
 * instead of two). splice refuses {@code O_APPEND} files, so this descriptor writes at an explicit end found
 * by {@code lseek(SEEK_END)} before each move (an external {@code copytruncate} is followed, never
 * overwritten with a hole). Output thread only. At most {@link #MAX_OPEN} exist at once: each holds a
 * descriptor beyond the config's descriptor budget, so only that many streams splice; the rest read.
 */
final class SpliceTarget {

    /**
     * The two calls of every move, direct-mapped: a JNA interface call costs 2.5-6 us here (a proxy, reflection),
     * a direct one 0.7 us, and a burst makes two per 300-500 KiB. errno is kept for {@link Native#getLastError}.
     */
    static final class Calls {
        static {
            Native.register(Calls.class, "c");
        }

        private Calls() {
        }

        static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

        static native long lseek(int fd, long offset, int whence);
    }

    /** Streams that may splice at once (one extra descriptor each). */
    static final int MAX_OPEN = 32;
    static final long AGAIN = OutputSink.SPLICE_AGAIN;
    /** {@link #move}: cannot move now (an error such as a full disk): the chunk is read the ordinary way. */
    static final long NOT_NOW = OutputSink.SPLICE_NOT_NOW;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int SEEK_END = 2;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final AtomicInteger OPEN = new AtomicInteger();
    /** {@code -Djsuper.logs.splice=false} (JSUPERD_JAVA_OPTS) turns splicing off: for comparisons and diagnosis. */
    private static final boolean ENABLED = !"false".equals(System.getProperty("jsuper.logs.splice"));

    private int fd;
    private boolean unsupported; // the file system cannot splice: never try again on this descriptor
    private long end; // file size after the last move

    private SpliceTarget(int fd) {
        this.fd = fd;
    }

    /**
     * Takes {@code fd} (an open descriptor of the log file, owned by the caller until this returns) and
     * turns off its O_APPEND; null (and {@code fd} closed) when {@link #MAX_OPEN} are in use or fcntl fails.
     */
    static SpliceTarget adopt(int fd) {
        if (!ENABLED) {
            LibC.INSTANCE.close(fd);
            return null;
        }
        if (OPEN.incrementAndGet() > MAX_OPEN || LibC.INSTANCE.fcntl(fd, LibC.F_SETFL, LibC.O_NONBLOCK) != 0) {
            OPEN.decrementAndGet();
            LibC.INSTANCE.close(fd);
            return null;
        }
        return new SpliceTarget(fd);
    }

    /** Number in use, for tests. */
    static int openCount() {
        return OPEN.get();
    }

    /**
     * Moves up to {@code max} bytes from {@code pipeFd} to the end of the file. Returns the bytes moved
     * ({@code > 0}), 0 at end of output (no writer left, pipe empty), {@link #AGAIN} or {@link #NOT_NOW}.
     */
    long move(int pipeFd, long max) {
        if (unsupported || fd < 0 || max <= 0) {
            return NOT_NOW;
        }
        long size = Calls.lseek(fd, 0, SEEK_END);
        if (size < 0) {
            return NOT_NOW;
        }
        end = size;
        long n = Calls.splice(pipeFd, null, fd, null, max, SPLICE_F_NONBLOCK);
        if (n >= 0) {
            end += n;
            return n;
        }
        int errno = Native.getLastError();
        if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
            return AGAIN;
        }
        if (errno == EINVAL || errno == ENOSYS) {
            unsupported = true;
        }
        return NOT_NOW; // ENOSPC, EIO, …: the read path writes (or drops and counts) the bytes
    }

    /** The file's size after the last move (it may have been truncated before it). */
    long end() {
        return end;
    }

    void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
            OPEN.decrementAndGet();
        }
    }
}
