package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Follows one log file like {@code tail -F}, polled from a reader thread (never the output thread, so the
 * child's capture speed does not depend on any follower): reads what was appended, finishes a file that
 * was rotated away (its descriptor stays open) before moving to the new one, starts over after a
 * truncation ({@code copytruncate}, {@code jsuperctl clear}), and skips ahead when more than
 * {@code maxLag} bytes are unread, counting what was skipped. Hands out whole lines only, except a line
 * longer than one chunk.
 */
public final class FileFollower implements AutoCloseable {

    /** What one poll produced: bytes (whole lines), and notes for the reader (skipped, truncated). */
    public record Chunk(byte[] bytes, long skipped, boolean truncated) {
        static final Chunk NONE = new Chunk(new byte[0], 0, false);

        public boolean isEmpty() {
            return bytes.length == 0 && skipped == 0 && !truncated;
        }
    }

    private final Path path;
    private final long maxLag;
    private FileChannel channel;
    private Object inode;
    private long position;

    /**
     * @param maxLag unread bytes beyond which the follower skips ahead (its bound on falling behind)
     */
    public FileFollower(Path path, long maxLag) {
        this.path = path;
        this.maxLag = maxLag;
    }

    /** Opens the file now and starts at its current end; returns that offset (0 when it does not exist yet). */
    public long startAtEnd() throws IOException {
        if (open()) {
            position = channel.size();
        }
        return position;
    }

    /** Up to {@code max} new bytes, ending at a newline when there is one. */
    public Chunk poll(int max) throws IOException {
        if (channel == null && !open()) {
            return Chunk.NONE;
        }
        long size = channel.size();
        boolean truncated = false;
        if (size < position) {
            position = 0;
            truncated = true;
        }
        long skipped = 0;
        if (size - position > maxLag) {
            long before = position;
            position = size - maxLag / 2;
            skipToLineStart(size);
            skipped = position - before;
        }
        if (size == position) {
            if (rotatedAway()) {
                close();
                position = 0;
                return poll(max); // the new file may already hold lines
            }
            return truncated || skipped > 0 ? new Chunk(new byte[0], skipped, truncated) : Chunk.NONE;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, size - position));
        while (buf.hasRemaining() && channel.read(buf, position + buf.position()) > 0) {
            // fill the chunk
        }
        int end = lastNewline(buf.array(), buf.position());
        if (end < 0 && buf.position() < max) {
            return truncated || skipped > 0 ? new Chunk(new byte[0], skipped, truncated) : Chunk.NONE;
        }
        int length = end < 0 ? buf.position() : end + 1;
        position += length;
        return new Chunk(java.util.Arrays.copyOf(buf.array(), length), skipped, truncated);
    }

    /** After skipping ahead, start at the next line so the follower never sees half a line. */
    private void skipToLineStart(long size) throws IOException {
        long from = position - 1; // a newline just before the position means it is a line start already
        ByteBuffer probe = ByteBuffer.allocate((int) Math.min(LineReader.MAX_LINE, size - from));
        channel.read(probe, from);
        for (int i = 0; i < probe.position(); i++) {
            if (probe.get(i) == '\n') {
                position = from + i + 1;
                return;
            }
        }
    }

    private static int lastNewline(byte[] data, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** True when the path now names another file than the one held (rotated, recreated). */
    private boolean rotatedAway() throws IOException {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return now != null && !now.equals(inode);
        } catch (NoSuchFileException e) {
            return false; // between rename and re-creation: keep the old one until the new file shows up
        }
    }

    private boolean open() throws IOException {
        SafeLogOpen.Reading opened = SafeLogOpen.openForReadingWithKey(path);
        if (opened == null) {
            return false;
        }
        channel = opened.channel();
        inode = opened.fileKey(); // of the inode held, not of whatever the path names later
        return true;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do for a read-only file
            }
            channel = null;
        }
    }
}
