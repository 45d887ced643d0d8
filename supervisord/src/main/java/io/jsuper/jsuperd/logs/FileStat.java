package io.jsuper.jsuperd.logs;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * {@code statx(2)} of a log file without following symlinks, for what the JDK's attributes lack: the birth time
 * that makes a {@link FileId} unique over inode reuse. Falls back to the JDK's {@code unix:} attributes (birth 0)
 * where the C library or the kernel has no {@code statx}.
 */
final class FileStat {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_BTIME = 0x800;
    private static final int ENOENT = 2;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    interface Calls extends Library {
        int statx(int dirfd, String path, int flags, int mask, byte[] buf);
    }

    private static final Calls CALLS = load();

    /** What the log readers need of a file. */
    record Stat(int mode, long size, long mtimeMillis, FileId id) {
        boolean regular() {
            return (mode & S_IFMT) == S_IFREG;
        }
    }

    private FileStat() {
    }

    /**
     * Loads the C library binding now (tens of milliseconds at first use): a follower's first look at a stream under
     * a burst must not pause between listing the directory and looking at the files, or rotations move files past it.
     */
    static boolean ready() {
        return CALLS != null;
    }

    private static Calls load() {
        try {
            Calls c = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
            return c.statx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, new byte[256]) == 0 ? c : null; // ENOSYS: kernel < 4.11
        } catch (UnsatisfiedLinkError e) {
            return null; // a C library older than glibc 2.28
        }
    }

    /** The file {@code p} names (a symlink itself, not its target); null when it does not exist. */
    static Stat of(Path p) throws IOException {
        if (CALLS == null) {
            return jdk(p);
        }
        byte[] buf = new byte[256];
        if (CALLS.statx(AT_FDCWD, p.toString(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, buf) != 0) {
            int errno = Native.getLastError();
            if (errno == ENOENT) {
                return null;
            }
            throw new IOException(p + ": stat failed (errno " + errno + ")");
        }
        return decode(buf);
    }

    /** The file open on descriptor {@code fd}. */
    static Stat of(int fd) throws IOException {
        if (CALLS == null) {
            return jdk(Path.of("/proc/self/fd/" + fd));
        }
        byte[] buf = new byte[256];
        if (CALLS.statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, buf) != 0) {
            throw new IOException("fstat failed (errno " + Native.getLastError() + ")");
        }
        return decode(buf);
    }

    /** struct statx (linux/stat.h): mask, mode at 28, ino 32, size 40, btime 80, mtime 112, dev major/minor 136. */
    private static Stat decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        boolean hasBirth = (b.getInt(0) & STATX_BTIME) != 0;
        long birth = hasBirth ? b.getLong(80) * 1_000_000_000L + b.getInt(88) : 0;
        long mtime = b.getLong(112) * 1000L + b.getInt(120) / 1_000_000;
        long dev = makedev(b.getInt(136) & 0xffffffffL, b.getInt(140) & 0xffffffffL);
        return new Stat(b.getShort(28) & 0xffff, b.getLong(40), mtime, new FileId(dev, b.getLong(32), birth));
    }

    /** glibc's makedev: the st_dev the JDK's {@code unix:dev} reports. */
    private static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    private static Stat jdk(Path p) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,dev,ino",
                    LinkOption.NOFOLLOW_LINKS);
            return new Stat((Integer) a.get("mode"), (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).toMillis(),
                    new FileId((Long) a.get("dev"), (Long) a.get("ino"), 0));
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
