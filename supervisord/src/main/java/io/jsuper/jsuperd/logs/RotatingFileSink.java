package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A child's log file with size-based rotation ({@code file}, {@code file.1} … {@code file.N}, like
 * supervisord's {@code stdout_logfile_maxbytes} / {@code _backups}). Rotation happens at a line
 * boundary: a line is never split across files unless it alone is longer than {@code maxBytes}.
 * When a rotation falls inside a line that was already partly written, that partial line is moved
 * (truncated from the old file, copied to the new one).
 *
 * <p>The file is opened with O_APPEND and O_NOFOLLOW: a symlink planted at the log path is refused
 * (reported, output dropped), symlinks in parent directories are followed. An existing file is also
 * refused when it is not a regular file, has other hard links, or (with an expected owner) belongs
 * to someone else: a watcher running as another user must not be able to point jsuperd's writes at
 * a file it could not write itself. Errors are logged, never thrown; after a failed open the sink
 * drops output until {@link #reopen()}.
 */
public final class RotatingFileSink implements OutputSink {

    private static final Logger LOG = LoggerFactory.getLogger(RotatingFileSink.class);
    private static final int SCAN_BLOCK = 8192;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final Path file;
    private final long maxBytes;
    private final int backupCount;
    private FileChannel channel;
    private long size;
    private long partial; // bytes after the last '\n' in the current file
    private long dropped;
    private boolean rotationFailing; // log a failing rotation once, not per chunk

    private boolean opened;
    private final int owner;

    /** A sink that accepts an existing file whatever its owner. */
    public RotatingFileSink(Path file, long maxBytes, int backupCount) {
        this(file, maxBytes, backupCount, -1);
    }

    /**
     * @param maxBytes    rotate before the file would grow past this; 0 = never rotate
     * @param backupCount rotated files to keep; 0 = rotation just empties the file
     * @param owner       uid an existing log file must belong to (jsuperd's own), or -1 for any
     */
    public RotatingFileSink(Path file, long maxBytes, int backupCount, int owner) {
        if (maxBytes < 0 || backupCount < 0) {
            throw new IllegalArgumentException("maxBytes and backupCount must be >= 0");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.backupCount = backupCount;
        this.owner = owner;
        // No I/O here: the sink is made on the supervisor loop, the file is opened on the pump thread
        // (by reopen(), or by the first write), so 1000 spawns do not wait for 2000 file creations.
    }

    /** Bytes thrown away because the file could not be opened or written. */
    public long droppedBytes() {
        return dropped;
    }

    @Override
    public void write(ByteBuffer chunk) {
        if (!opened) {
            open();
        }
        if (channel == null) {
            dropped += chunk.remaining();
            chunk.position(chunk.limit());
            return;
        }
        try {
            writeRotating(chunk);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write log file {}; dropping its output until reopen: {}", file, e.toString());
            closeChannel();
            dropped += chunk.remaining();
            chunk.position(chunk.limit());
        }
    }

    private void writeRotating(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            long room = Math.max(0, maxBytes - size);
            if (maxBytes == 0 || chunk.remaining() <= room) {
                append(chunk, chunk.remaining());
                return;
            }
            int newline = lastNewline(chunk, (int) Math.min(room, chunk.remaining()));
            long carry = 0;
            if (newline >= 0) {
                append(chunk, newline + 1);
            } else if (partial == size) {
                append(chunk, (int) room); // one line longer than maxBytes: the only case that splits
            } else {
                carry = partial; // complete lines stay behind, the started line moves on
            }
            if (!rotate(carry)) {
                append(chunk, chunk.remaining()); // cannot rotate: keep the output, past max size
                return;
            }
            if (channel == null) {
                throw new IOException("reopen after rotation failed");
            }
        }
    }

    private void append(ByteBuffer chunk, int count) throws IOException {
        ByteBuffer part = chunk.slice().limit(count);
        int newline = lastNewline(part, count);
        while (part.hasRemaining()) {
            channel.write(part);
        }
        chunk.position(chunk.position() + count);
        size += count;
        partial = newline >= 0 ? count - 1 - newline : partial + count;
    }

    /** Index (relative to position) of the last '\n' among the next {@code within} bytes, or -1. */
    private static int lastNewline(ByteBuffer buf, int within) {
        int start = buf.position();
        for (int i = start + within - 1; i >= start; i--) {
            if (buf.get(i) == '\n') {
                return i - start;
            }
        }
        return -1;
    }

    /**
     * Shifts file → file.1 → … and starts a new file, carrying the last {@code carry} bytes over.
     * Returns false (and keeps the current file) when the files could not be renamed.
     */
    private boolean rotate(long carry) throws IOException {
        FileChannel old = channel;
        long oldSize = size;
        try (FileChannel reader = carry > 0 ? FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS) : null) {
            if (!shiftBackups()) {
                return false;
            }
            open();
            if (channel != null && reader != null) {
                long copied = 0;
                while (copied < carry) {
                    long n = reader.transferTo(oldSize - carry + copied, carry - copied, channel);
                    if (n <= 0) {
                        break;
                    }
                    copied += n;
                }
                old.truncate(oldSize - carry);
                size = copied;
                partial = copied;
            }
            return true;
        } finally {
            if (old != channel) {
                old.close();
            }
        }
    }

    private boolean shiftBackups() {
        try {
            if (backupCount == 0) {
                Files.deleteIfExists(file);
                return true;
            }
            // Each rename(2) replaces its target atomically (the oldest backup drops out that way), so a
            // reader never sees a retained backup missing mid-rotation. ATOMIC_MOVE, because the JDK's
            // REPLACE_EXISTING deletes the target first and then renames.
            for (int i = backupCount - 1; i >= 1; i--) {
                if (Files.exists(backup(i), LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, backup(1), StandardCopyOption.ATOMIC_MOVE);
            rotationFailing = false;
            return true;
        } catch (IOException e) {
            if (!rotationFailing) {
                LOG.error("cannot rotate log file {}: {}; writing on past max size", file, e.toString());
                rotationFailing = true;
            }
            return false;
        }
    }

    private Path backup(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void reopen() {
        closeChannel();
        open();
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void open() {
        opened = true;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            refuseForeignFile();
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            size = channel.size();
            partial = size == 0 ? 0 : partialTail();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot open log file {}: {}", file, e.toString());
            closeChannel();
        }
    }

    /**
     * The checks before opening an existing file. O_NOFOLLOW covers symlinks but not hard links,
     * FIFOs or devices; with fs.protected_hardlinks (on by default) an unprivileged user cannot link
     * a file it does not own, and this check covers systems without it (see docs/security.md).
     */
    private void refuseForeignFile() throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(file, "unix:mode,nlink,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return; // created by the open below, by us
        }
        int mode = (Integer) attrs.get("mode");
        if ((mode & S_IFMT) != S_IFREG) {
            throw new RefusedFile((mode & S_IFMT) == S_IFLNK ? "it is a symbolic link; not following it"
                    : "it is not a regular file");
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

    /** A log path jsuperd will not write through; its message is the whole story. */
    private static final class RefusedFile extends IOException {
        RefusedFile(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Length of the unterminated last line of an existing file (scans at most maxBytes back). */
    private long partialTail() throws IOException {
        long limit = maxBytes == 0 ? Math.min(size, SCAN_BLOCK) : Math.min(size, maxBytes);
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK);
            long scanned = 0;
            while (scanned < limit) {
                int len = (int) Math.min(SCAN_BLOCK, limit - scanned);
                block.clear().limit(len);
                reader.read(block, size - scanned - len);
                int nl = lastNewline(block.flip(), block.remaining());
                if (nl >= 0) {
                    return scanned + (len - 1 - nl);
                }
                scanned += len;
            }
            return size;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing log file {}: {}", file, e.toString());
            }
            channel = null;
        }
    }
}
