package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import io.jsuper.jsuperd.config.TimeRotation;

/**
 * A child's log file with size-based rotation ({@code file}, {@code file.1} … {@code file.N}, like
 * supervisord's {@code stdout_logfile_maxbytes} / {@code _backups}). Rotation happens at a line
 * boundary: a line is never split across files unless it alone is longer than {@code maxBytes} (or,
 * when a rotation falls inside it, longer than {@link LineTail#LIMIT}). A partial line already written
 * is moved at rotation from memory (truncated from the old file, written to the new one).
 *
 * <p>Runs on the output thread, so nothing here may block on what a child controls: the file is opened
 * by {@link SafeLogOpen} (O_NONBLOCK, O_NOFOLLOW, checks on the opened descriptor: regular file, one
 * link, expected owner) and never re-opened by path for reading. Errors are logged, never thrown: a
 * failed open or write (disk full, a refused file) drops output, counted in {@link #droppedBytes()},
 * and the file is tried again with backoff (up to 1 s apart), so capture resumes by itself.
 */
public final class RotatingFileSink implements OutputSink {

    private static final Logger LOG = LoggerFactory.getLogger(RotatingFileSink.class);
    private static final int SCAN_BLOCK = 8192;
    /** A chunk this large means the child filled a default-sized pipe. */
    private static final int CHATTY_CHUNK = 64 * 1024;
    /**
     * The last bytes before a size rotation go through write(), not splice: write() sees where the last line
     * starts, so the rotation still happens at a line boundary without reading the file back. A line longer than
     * this that a rotation falls into is split, as one longer than {@link LineTail#LIMIT} is without splice.
     */
    static final long SPLICE_MARGIN = 8L * LineTail.LIMIT;

    private final Path file;
    private final long maxBytes;
    private final int backupCount;
    private final int owner;
    private final DropTracker drops;
    private final LineTail tail = new LineTail();
    private Path pinned; // the file's real path, fixed at the first open: later symlinks are refused, not followed
    private FileChannel channel;
    private long size;
    private long partial; // bytes after the last '\n' in the current file
    private boolean rotationFailing; // log a failing rotation once, not per chunk
    private final TimeRotation timed; // null: size only
    private long maxTotalBytes; // 0: backups bounded by count only
    private final LongSupplier wallMillis;
    private long nextRollover = Long.MAX_VALUE; // set when the file is first opened
    private BackupCompressor compressor; // null: backups stay plain
    private boolean compressChecked;
    private Object backupsLock = new Object(); // renumbering of backups vs the compressor's final rename (the group's, in one)
    private RetentionGroup group; // null: max_total_bytes (if any) counts this stream of this process only
    private boolean spliceAllowed; // nobody needs to see the bytes (no timestamps, no console)
    private boolean chatty; // a chunk filled a default pipe: worth a splice descriptor at the next open
    private SpliceTarget splice; // null: every chunk goes through write()
    private Object fileKey; // the current file's (device, inode), to find it again for a splice descriptor
    private boolean openFailed; // the last open failed: the next one recreates missing directories first
    private LogFileWorker worker = LogFileWorker.SHARED;
    private NextFile next; // a chatty rotating stream's file prepared for its next rotation; null until then
    private volatile long spliced; // single writer (the output thread)

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
        this(file, maxBytes, backupCount, owner, System::nanoTime);
    }

    /** As above, with the clock that times retries after a failure. */
    RotatingFileSink(Path file, long maxBytes, int backupCount, int owner, LongSupplier nanoTime) {
        this(file, maxBytes, backupCount, owner, null, nanoTime, System::currentTimeMillis);
    }

    /**
     * With time-based rotation ({@code timed}, may be null) on the wall clock {@code wallMillis}. A time
     * rollover also happens at a line boundary: a started line moves to the new file as with size rotation.
     */
    RotatingFileSink(Path file, long maxBytes, int backupCount, int owner, TimeRotation timed, LongSupplier nanoTime,
                     LongSupplier wallMillis) {
        this.timed = timed;
        this.wallMillis = wallMillis;
        if (maxBytes < 0 || backupCount < 0) {
            throw new IllegalArgumentException("maxBytes and backupCount must be >= 0");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.backupCount = backupCount;
        this.owner = owner;
        this.drops = new DropTracker(file, nanoTime);
        // No I/O here: the sink is made on the supervisor loop, the file is opened on the pump thread
        // (by reopen(), or by the first write), so 1000 spawns do not wait for 2000 file creations.
    }

    /** Bytes thrown away because the file could not be opened or written; readable from any thread. */
    private volatile long received;

    @Override
    public long droppedBytes() {
        return drops.droppedBytes();
    }

    /** Bytes the child wrote to this stream (kept or dropped); readable from any thread. */
    @Override
    public long receivedBytes() {
        return received;
    }

    @Override
    public void write(ByteBuffer chunk) {
        received += chunk.remaining(); // single writer (the output thread)
        boolean turnedChatty = !chatty && chunk.remaining() >= CHATTY_CHUNK;
        chatty |= turnedChatty;
        if (!drops.mayTry()) {
            drop(chunk);
            return;
        }
        if (channel == null && !open()) {
            drop(chunk);
            return;
        }
        try {
            if (timed != null) {
                rotateIfDue();
            }
            writeRotating(chunk);
            drops.succeeded();
            if (turnedChatty) {
                becameChatty();
            }
        } catch (IOException | RuntimeException e) {
            // Keep the channel: a full disk is the usual cause, and the same file works again once space returns.
            drops.failed("write", e, chunk.remaining());
            chunk.position(chunk.limit());
        }
    }

    /**
     * A chatty stream splices from now on (not only from its next rotation: the first file is often the biggest
     * share of a burst) and, when it rotates, gets its next file prepared off the output thread.
     */
    private void becameChatty() {
        if (spliceAllowed && splice == null && channel != null && fileKey != null) {
            splice = SafeLogOpen.spliceTargetFor(pinned, fileKey);
        }
        if (maxBytes > 0 || timed != null) {
            next = new NextFile(worker, pinned);
            next.request();
        }
    }

    private void drop(ByteBuffer chunk) {
        drops.dropped(chunk.remaining());
        chunk.position(chunk.limit());
    }

    private void writeRotating(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            long room = Math.max(0, maxBytes - size);
            if (maxBytes == 0 || chunk.remaining() <= room) {
                append(chunk, chunk.remaining());
                return;
            }
            int newline = lastNewline(chunk, (int) Math.min(room, chunk.remaining()));
            boolean carry = false;
            if (newline >= 0) {
                append(chunk, newline + 1);
            } else if (partial == size || !tail.holds(partial)) {
                append(chunk, (int) room); // a line too long to keep whole: the only cases that split
                tail.forget();
            } else {
                carry = true; // complete lines stay behind, the started line moves on
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
        int start = chunk.position();
        ByteBuffer part = chunk.slice().limit(count);
        int newline = lastNewline(part, count);
        try {
            while (part.hasRemaining()) {
                channel.write(part);
            }
        } finally {
            int written = part.position();
            chunk.position(start + written);
            size += written;
            // Only a written line counts: after a failed write the file ends wherever the disk let it.
            partial = written == count && newline >= 0 ? count - 1 - newline : partial + written;
        }
        if (maxBytes > 0 || timed != null) {
            if (newline >= 0) {
                tail.clear();
                tail.append(chunk, start + newline + 1, count - 1 - newline);
            } else {
                tail.append(chunk, start, count);
            }
        }
    }

    /**
     * Time rotation: one clock read per chunk (chunks are up to 64 KiB, so this costs nothing measurable).
     * Nothing complete to move out (empty file, or only a started line) waits for the next chunk.
     */
    private void rotateIfDue() throws IOException {
        long now = wallMillis.getAsLong();
        if (now < nextRollover) {
            return;
        }
        if (size == 0) {
            nextRollover = timed.nextAfter(now);
            return;
        }
        if (partial == size) {
            return;
        }
        boolean carry = partial > 0 && tail.holds(partial);
        if (rotate(carry)) {
            nextRollover = timed.nextAfter(now);
            if (channel == null) {
                throw new IOException("reopen after rotation failed");
            }
        }
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
     * Shifts file → file.1 → … and starts a new file, moving the held partial line over when {@code carry}.
     * Returns false (and keeps the current file) when the files could not be renamed.
     */
    private boolean rotate(boolean carry) throws IOException {
        FileChannel old = channel;
        long oldSize = size;
        try {
            if (!shiftBackups(next != null && next.take())) {
                return false;
            }
            if (next != null) {
                next.request(); // for the rotation after this one
            }
            channel = null;
            if (splice != null) {
                splice.close(); // the old file's; open() takes a new one for the new file
                splice = null;
            }
            if (open() && carry) {
                ByteBuffer held = tail.bytes();
                int length = held.remaining();
                while (held.hasRemaining()) {
                    channel.write(held);
                }
                old.truncate(oldSize - length);
                size = length;
                partial = length;
            }
            return true;
        } finally {
            if (old != channel) {
                old.close();
            }
            queueCompression(); // after the carried line was cut from the old file: file.1 is final now
        }
    }

    /**
     * splice(2) from the pipe to the file, for a chatty stream (reopened with a {@link SpliceTarget} at its
     * next open, i.e. its next rotation or reopen) while the file is healthy, no time rotation is due and
     * more than {@link #SPLICE_MARGIN} is left before a size rotation; anything else is read and written.
     */
    @Override
    public long spliceFrom(int pipeFd, long max) {
        if (splice == null || channel == null || drops.failing()
                || timed != null && wallMillis.getAsLong() >= nextRollover) {
            return SPLICE_NOT_NOW;
        }
        long n = splice.move(pipeFd, maxBytes == 0 ? max : Math.min(max, maxBytes - SPLICE_MARGIN - size));
        if (n > 0) {
            received += n; // single writer (the output thread)
            spliced += n;
            size = splice.end();
            // Where the last line starts is unknown until write() sees a newline again (within the margin).
            partial = size;
            tail.forget();
        }
        return n;
    }

    /**
     * While splicing, a read near a size rotation takes only the bytes up to the rotation point plus room for the
     * line that crosses it ({@link LineTail#LIMIT}): what follows goes to the new file by splice again.
     */
    @Override
    public int readLimit(int max) {
        long room = maxBytes - size;
        if (splice == null || maxBytes == 0 || room <= 0 || drops.failing()) {
            return max; // room <= 0: rotation is failing, the file grows past max size (no small reads then)
        }
        return (int) Math.min(max, room + LineTail.LIMIT);
    }

    /** Bytes moved by splice so far (the rest went through write()); for tests. */
    long splicedBytes() {
        return spliced;
    }

    /** Lets a chatty stream splice (nothing else needs to see its bytes: no timestamps, no console). */
    RotatingFileSink withSplice(boolean allowed) {
        this.spliceAllowed = allowed;
        return this;
    }

    /** Retention by total size: the backups get what the current file (up to max_bytes) leaves of the total. */
    RotatingFileSink withMaxTotalBytes(long total) {
        this.maxTotalBytes = total;
        return this;
    }

    /** max_total_bytes across the processes of a watcher: this stream's files count in {@code shared}. Before any I/O. */
    RotatingFileSink inRetentionGroup(RetentionGroup shared) {
        this.group = shared;
        this.backupsLock = shared.lock();
        return this;
    }

    /** Frees dropped backups and prepares next files on {@code files} instead of the daemon's shared worker; for tests. */
    RotatingFileSink withFileWorker(LogFileWorker files) {
        this.worker = files;
        return this;
    }

    /** Gzips rotated files on {@code worker} (compress = true); backups left plain by a crash are caught up too. */
    RotatingFileSink withCompression(BackupCompressor worker) {
        this.compressor = worker;
        return this;
    }

    private void queueCompression() {
        if (compressor != null && backupCount > 0 && pinned != null) {
            compressor.submit(new BackupCompressor.Job(pinned.getParent(), pinned.getFileName().toString(), backupCount,
                    backupsLock, maxTotalBytes > 0 ? maxTotalBytes - maxBytes : -1, group));
        }
    }

    /** A failed prune is logged, never fatal to the rotation that already happened. */
    private void pruneBackups() {
        if (group != null) {
            group.prune(compressor != null);
            return;
        }
        if (maxTotalBytes <= 0 || backupCount == 0) {
            return;
        }
        try {
            BackupShift.prune(pinned.getParent(), pinned.getFileName().toString(), backupCount,
                    maxTotalBytes - maxBytes, compressor == null ? 1 : 2, worker);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete old backups of {} (max_total_bytes): {}", file, e.toString());
        }
    }

    /** {@code takeNext}: the next file is prepared under its hidden name, rename it in (else open() creates one). */
    private boolean shiftBackups(boolean takeNext) {
        try {
            synchronized (backupsLock) { // held by the compressor only for a stat, a rename and an unlink
                BackupShift.shift(pinned.getParent(), pinned.getFileName().toString(), backupCount, takeNext, worker);
                pruneBackups();
            }
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

    @Override
    public void reopen() {
        closeChannel();
        drops.retryNow();
        open();
    }

    @Override
    public void close() {
        closeChannel();
        if (next != null) {
            next.discard();
        }
        if (group != null && pinned != null) {
            group.leave(pinned);
        }
    }

    /** Opens (or creates) the file; on failure reports it, counts nothing yet, and returns false. */
    private boolean open() {
        try {
            if (pinned == null) {
                // Symlinks above the file are followed once, here (e.g. /var/log on another disk), then fixed.
                Path parent = Files.createDirectories(file.toAbsolutePath().getParent());
                pinned = parent.toRealPath().resolve(file.getFileName());
                if (group != null) {
                    group.join(pinned);
                }
            } else if (openFailed) {
                Files.createDirectories(pinned.getParent()); // e.g. an operator removed the directory
            }
            SafeLogOpen.Opened opened = SafeLogOpen.open(pinned, owner, maxBytes > 0 || timed != null,
                    spliceAllowed && chatty);
            channel = opened.channel();
            splice = opened.splice();
            size = opened.size();
            fileKey = opened.fileKey();
            openFailed = false;
            if (compressor != null && !compressChecked) {
                compressChecked = true;
                queueCompression(); // backups a crash (or compress switched on) left plain
            }
            if (timed != null && nextRollover == Long.MAX_VALUE) {
                nextRollover = firstRollover();
            }
            try (FileChannel reader = opened.reader()) {
                partial = size == 0 ? 0 : partialTail(reader);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            closeChannel();
            openFailed = true;
            drops.failed("open", e, 0);
            return false;
        }
    }

    /**
     * Length of the unterminated last line of an existing file (the whole size when it has no newline in
     * the last {@link LineTail#LIMIT} bytes), read
     * through the descriptor just opened; a short enough one is also kept for the next rotation.
     */
    private long partialTail(FileChannel reader) throws IOException {
        tail.forget();
        if (reader == null) {
            return 0; // never rotates: where its last line starts does not matter
        }
        // Past LineTail.LIMIT the line cannot be carried anyway: a longer scan (a 50 MB file without a
        // newline) would only cost time on the output thread.
        long limit = Math.min(maxBytes > 0 ? Math.min(size, maxBytes) : size, LineTail.LIMIT + 1L);
        ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK);
        long scanned = 0;
        while (scanned < limit) {
            int len = (int) Math.min(SCAN_BLOCK, limit - scanned);
            block.clear().limit(len);
            reader.read(block, size - scanned - len);
            int nl = lastNewline(block.flip(), block.remaining());
            if (nl >= 0) {
                long found = scanned + (len - 1 - nl);
                keepTail(reader, found);
                return found;
            }
            scanned += len;
        }
        return size;
    }

    private void keepTail(FileChannel reader, long length) throws IOException {
        if (length > LineTail.LIMIT) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        while (bytes.hasRemaining() && reader.read(bytes, size - length + bytes.position()) > 0) {
            // read the whole (short) tail
        }
        tail.clear();
        tail.append(bytes.flip(), 0, (int) length);
    }

    /**
     * The period of an existing file started when it was last written (as Python's handler does), so a
     * daemon restarted every day still rotates a daily file; a new file's period starts now.
     */
    private long firstRollover() {
        long now = wallMillis.getAsLong();
        long from = now;
        if (size > 0) {
            try {
                from = Math.min(now, Files.getLastModifiedTime(pinned, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis());
            } catch (IOException e) {
                // keep now
            }
        }
        return timed.nextAfter(from);
    }

    private void closeChannel() {
        if (splice != null) {
            splice.close();
            splice = null;
        }
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
