package io.jsuper.jsuperd.logs;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.jsuper.jsuperd.os.jna.LibC;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Opens a child's log file on the output thread without ever blocking on what a child controls.
 *
 * <p>The JDK cannot open with {@code O_NONBLOCK}, and opening a FIFO for writing blocks until a reader
 * appears (the child would hold the output thread, and every other watcher's output, hostage). So the
 * path is opened once with {@code O_WRONLY|O_CREAT|O_APPEND|O_NONBLOCK|O_NOFOLLOW} (through openat2 with
 * RESOLVE_NO_SYMLINKS where the kernel has it, so no directory on the way may be a symlink either); the
 * checks then look at the opened descriptor (through its {@code /proc/self/fd} link, i.e. fstat), never
 * at the path again; only a regular file is handed on, as a {@link FileChannel} on that same inode.
 * Rotation renames relative to a descriptor of the directory, opened the same way.
 */
final class SafeLogOpen {

    /** The calls this needs, apart from the shared LibC binding (owned by the OS layer). */
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int open(String path, int flags, int mode);

        int close(int fd);

        /** For openat2(2), which glibc 2.36 does not wrap. */
        long syscall(long number, long dirfd, String path, Pointer how, long size);
    }

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_APPEND = 02000;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    /** arm64 (and arm) number O_NOFOLLOW differently from x86_64. */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    private static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000;
    private static final int O_PATH = 010000000;
    private static final long SYS_OPENAT2 = 437; // the same on x86_64 and arm64
    private static final long AT_FDCWD = -100;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final int ENOENT = 2;
    private static final int ENOSYS = 38;
    private static final int ENXIO = 6;
    private static final int EEXIST = 17;
    private static final int ELOOP = 40;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private static volatile boolean noOpenat2; // kernels before 5.6: fall back to O_NOFOLLOW on the last name only

    private SafeLogOpen() {
    }

    /**
     * Opens {@code path} refusing a symlink in any of its components (openat2 RESOLVE_NO_SYMLINKS). The
     * callers pass a path made real when the sink first opened its file, so a log directory (or a parent)
     * that a child replaces by a symlink later is refused instead of followed.
     */
    private static int openNoSymlinks(String path, int flags, int mode) {
        if (!noOpenat2) {
            try (Memory how = new Memory(24)) {
                how.setLong(0, flags & 0xFFFFFFFFL);
                how.setLong(8, (flags & O_CREAT) != 0 ? mode : 0);
                how.setLong(16, RESOLVE_NO_SYMLINKS);
                long fd = Calls.INSTANCE.syscall(SYS_OPENAT2, AT_FDCWD, path, how, 24);
                if (fd >= 0 || Native.getLastError() != ENOSYS) {
                    return (int) fd;
                }
                noOpenat2 = true;
            }
        }
        return Calls.INSTANCE.open(path, flags, mode);
    }

    /** Flags that create a new log file (the output thread's and the next-file worker's). */
    static final int CREATE_FLAGS = O_WRONLY | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_CREAT | O_EXCL;
    /** Flags of a descriptor that only keeps a file's inode alive (no access, never follows a symlink). */
    static final int HOLD_FLAGS = O_PATH | O_NOFOLLOW | O_CLOEXEC;

    /** A descriptor of {@code dir} opened without following symlinks anywhere in its path, for *at() calls. */
    static int openDirectory(Path dir) throws IOException {
        int dirfd = openNoSymlinks(dir.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (dirfd < 0) {
            int errno = Native.getLastError();
            throw errno == ELOOP ? new RefusedFile("its directory " + dir + " is now reached through a symbolic link")
                    : new IOException("directory " + dir + ": " + LibC.describe(errno));
        }
        return dirfd;
    }

    /**
     * What was opened: the channel to append to, its size, and (when asked for) a read-only channel on the
     * same inode to scan its last line, which the caller closes.
     */
    record Opened(FileChannel channel, long size, FileChannel reader, SpliceTarget splice, Object fileKey) {
    }

    /**
     * Opens {@code file} for appending (creating it, mode 0666 minus umask), refusing symlinks, FIFOs,
     * devices, files with other hard links and, with {@code owner >= 0}, files of another user.
     */
    static Opened open(Path file, int owner, boolean withReader) throws IOException {
        return open(file, owner, withReader, false);
    }

    /** As above; with {@code forSplice} the descriptor opened is kept (when allowed) as a {@link SpliceTarget}. */
    static Opened open(Path file, int owner, boolean withReader, boolean forSplice) throws IOException {
        int flags = O_WRONLY | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;
        // O_EXCL first: a file this call created is ours whatever the expected owner; an existing one is checked.
        int fd = openNoSymlinks(file.toString(), flags | O_CREAT | O_EXCL, 0666);
        boolean created = fd >= 0;
        if (fd < 0 && Native.getLastError() == EEXIST) {
            fd = openNoSymlinks(file.toString(), flags, 0);
        }
        if (fd < 0) {
            int errno = Native.getLastError();
            throw switch (errno) {
                case ELOOP -> new RefusedFile("it, or a directory above it, is a symbolic link now; not following it");
                case ENXIO -> new RefusedFile("it is not a regular file (a FIFO or socket with no reader)");
                default -> new IOException(describe(errno));
            };
        }
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            Map<String, Object> attrs = Files.readAttributes(self, "unix:mode,nlink,uid,size,dev,ino"); // fstat(fd)
            refuseForeign(attrs, created ? -1 : owner);
            // The /proc link names the inode we hold, whatever happens to the path meanwhile.
            FileChannel channel = FileChannel.open(self, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            long size = (Long) attrs.get("size");
            FileChannel reader = null;
            if (withReader && size > 0) {
                try {
                    reader = FileChannel.open(self, StandardOpenOption.READ);
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
            }
            SpliceTarget splice = null;
            if (forSplice) {
                splice = SpliceTarget.adopt(fd); // closes fd when it is not kept
                fd = -1;
            }
            return new Opened(channel, size, reader, splice, List.of(attrs.get("dev"), attrs.get("ino")));
        } finally {
            if (fd >= 0) {
                Calls.INSTANCE.close(fd);
            }
        }
    }

    /**
     * A {@link SpliceTarget} on the file a sink already writes (its {@link Opened#fileKey}), for a stream that turned
     * chatty before its first rotation; null when {@code file} is no longer that inode (an external logrotate moved
     * it: the next reopen or rotation brings one) or when none may be opened now.
     */
    static SpliceTarget spliceTargetFor(Path file, Object fileKey) {
        int fd = openNoSymlinks(file.toString(), O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            return null;
        }
        try {
            Map<String, Object> attrs = Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:dev,ino");
            if (fileKey.equals(List.of(attrs.get("dev"), attrs.get("ino")))) {
                int adopted = fd;
                fd = -1;
                return SpliceTarget.adopt(adopted); // closes it when it is not kept
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (fd >= 0) {
                Calls.INSTANCE.close(fd);
            }
        }
    }

    /**
     * Opens {@code file} read-only for the log readers (tail, grep, follow) without blocking on what a child
     * may have put there: no symlinks anywhere in the path, O_NONBLOCK so a FIFO cannot hang the open, and on
     * the descriptor a regular file with one link. Returns null when the file does not exist.
     */
    static FileChannel openForReading(Path file) throws IOException {
        Reading r = openForReadingWithKey(file);
        return r == null ? null : r.channel();
    }

    /** A read-only channel and the identity (device, inode) of the file it is on. */
    record Reading(FileChannel channel, FileId fileKey) {
    }

    /** As {@link #openForReading}, also saying which inode was opened (for rotation detection). */
    static Reading openForReadingWithKey(Path file) throws IOException {
        FileId[] key = new FileId[1];
        FileChannel ch = openExisting(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, StandardOpenOption.READ, key);
        return ch == null ? null : new Reading(ch, key[0]);
    }

    /** Empties an existing log file (jsuperctl clear) with the same checks as reading; false if it is missing. */
    static boolean truncate(Path file) throws IOException {
        try (FileChannel ch = openExisting(file, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC,
                StandardOpenOption.WRITE, new FileId[1])) {
            if (ch == null) {
                return false;
            }
            ch.truncate(0);
            return true;
        }
    }

    private static FileChannel openExisting(Path file, int flags, StandardOpenOption mode, FileId[] key)
            throws IOException {
        int fd = openNoSymlinks(file.toString(), flags, 0);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == ENOENT) {
                return null;
            }
            throw errno == ELOOP ? new RefusedFile(file + " or a directory above it is a symbolic link; not following it")
                    : errno == ENXIO ? new RefusedFile(file + " is not a regular file")
                    : new IOException(file + ": " + describe(errno));
        }
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            refuseForeign(Files.readAttributes(self, "unix:mode,nlink,uid,size"), -1);
            key[0] = FileStat.of(fd).id();
            return FileChannel.open(self, mode);
        } finally {
            Calls.INSTANCE.close(fd);
        }
    }

    /**
     * O_NOFOLLOW covers symlinks, O_NONBLOCK FIFOs without a reader; this covers FIFOs with one, devices
     * and hard links (with fs.protected_hardlinks, on by default, an unprivileged user cannot link a file
     * it does not own; this covers systems without it, see docs/security.md).
     */
    private static void refuseForeign(Map<String, Object> attrs, int owner) throws RefusedFile {
        int mode = (Integer) attrs.get("mode");
        if ((mode & S_IFMT) != S_IFREG) {
            throw new RefusedFile("it is not a regular file");
        }
        if ((Integer) attrs.get("nlink") > 1) {
            throw new RefusedFile("it has " + attrs.get("nlink") + " hard links; remove the extra links or the file");
        }
        int uid = (Integer) attrs.get("uid");
        if (owner >= 0 && uid != owner) {
            throw new RefusedFile("it belongs to uid " + Integer.toUnsignedString(uid) + ", not to jsuperd (uid "
                    + Integer.toUnsignedString(owner) + "); remove it or chown it");
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 2 -> "No such file or directory";
            case 13 -> "Permission denied";
            case 20 -> "a parent is not a directory";
            case 28 -> "No space left on device";
            case 24, 23 -> "Too many open files";
            default -> "open failed (errno " + errno + ")";
        };
    }

    /** A log path jsuperd will not write through; its message is the whole story. */
    static final class RefusedFile extends IOException {
        RefusedFile(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
