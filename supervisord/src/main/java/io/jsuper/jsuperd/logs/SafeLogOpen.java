package io.jsuper.jsuperd.logs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Opens a child's log file on the output thread without ever blocking on what a child controls.
 *
 * <p>The JDK cannot open with {@code O_NONBLOCK}, and opening a FIFO for writing blocks until a reader
 * appears (the child would hold the output thread, and every other watcher's output, hostage). So the
 * path is opened once with {@code open(O_WRONLY|O_CREAT|O_APPEND|O_NONBLOCK|O_NOFOLLOW)}; the checks then
 * look at the opened descriptor (through its {@code /proc/self/fd} link, i.e. fstat), never at the path
 * again; only a regular file is handed on, as a {@link FileChannel} on that same inode.
 */
final class SafeLogOpen {

    /** The three calls this needs, apart from the shared LibC binding (owned by the OS layer). */
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int open(String path, int flags, int mode);

        int close(int fd);
    }

    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_APPEND = 02000;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    /** arm64 (and arm) number O_NOFOLLOW differently from x86_64. */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    private static final int ENXIO = 6;
    private static final int EEXIST = 17;
    private static final int ELOOP = 40;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private SafeLogOpen() {
    }

    /**
     * What was opened: the channel to append to, its size, and (when asked for) a read-only channel on the
     * same inode to scan its last line, which the caller closes.
     */
    record Opened(FileChannel channel, long size, FileChannel reader) {
    }

    /**
     * Opens {@code file} for appending (creating it, mode 0666 minus umask), refusing symlinks, FIFOs,
     * devices, files with other hard links and, with {@code owner >= 0}, files of another user.
     */
    static Opened open(Path file, int owner, boolean withReader) throws IOException {
        int flags = O_WRONLY | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;
        // O_EXCL first: a file this call created is ours whatever the expected owner; an existing one is checked.
        int fd = Calls.INSTANCE.open(file.toString(), flags | O_CREAT | O_EXCL, 0666);
        boolean created = fd >= 0;
        if (fd < 0 && Native.getLastError() == EEXIST) {
            fd = Calls.INSTANCE.open(file.toString(), flags, 0);
        }
        if (fd < 0) {
            int errno = Native.getLastError();
            throw switch (errno) {
                case ELOOP -> new RefusedFile("it is a symbolic link; not following it");
                case ENXIO -> new RefusedFile("it is not a regular file (a FIFO or socket with no reader)");
                default -> new IOException(describe(errno));
            };
        }
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            Map<String, Object> attrs = Files.readAttributes(self, "unix:mode,nlink,uid,size"); // fstat(fd)
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
            return new Opened(channel, size, reader);
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
