package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * supervisord's byte-offset reads of a log's current file ({@code readProcessStdoutLog},
 * {@code tailProcessStdoutLog}, {@code readLog}), on the same safe open as tail and grep (no symlinks,
 * FIFOs, devices). Semantics follow supervisord's {@code readFile} / {@code tailFile}; answers are capped at
 * {@link #MAX_BYTES} (supervisord has no cap, and would read a 50 MB file into one reply).
 */
public final class OffsetLogRead {

    /** The most one read returns. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** A bad offset/length combination (supervisord's BAD_ARGUMENTS fault). */
    public static final class BadArguments extends RuntimeException {
        BadArguments(String message) {
            super(message, null, false, false);
        }
    }

    /** The answer of a tail: the bytes, the offset to ask from next time (the file size), and whether bytes were skipped. */
    public record Tail(byte[] bytes, long offset, boolean overflow) {
    }

    private OffsetLogRead() {
    }

    /**
     * {@code offset >= 0}: {@code length} bytes from {@code offset} ({@code length == 0}: to the end).
     * {@code offset < 0}: the last {@code -offset} bytes, and {@code length} must be 0.
     *
     * @return the bytes, or null when the file does not exist (supervisord's NO_FILE)
     */
    public static byte[] read(Path file, long offset, long length) throws IOException {
        if (offset < 0 && length != 0) {
            throw new BadArguments("a negative offset reads from the end and needs length 0");
        }
        if (length < 0) {
            throw new BadArguments("length must not be negative");
        }
        try (FileChannel ch = LogFiles.open(file)) {
            if (ch == null) {
                return null;
            }
            long size = ch.size();
            long from;
            long count;
            if (offset < 0) {
                count = Math.min(Math.min(-offset, size), MAX_BYTES); // the cap keeps the newest bytes
                from = size - count;
            } else {
                from = offset;
                count = length == 0 ? size - from : Math.min(length, size - from);
            }
            return readAt(ch, from, count);
        }
    }

    /**
     * supervisord's {@code tailFile}: up to {@code length} bytes ending at the end of the file; when the file
     * grew past {@code offset + length} since the caller's last offset, {@code overflow} says bytes were
     * skipped. The next offset is the file's size. A missing file answers empty at offset 0.
     */
    public static Tail tail(Path file, long offset, long length) throws IOException {
        try (FileChannel ch = LogFiles.open(file)) {
            if (ch == null) {
                return new Tail(new byte[0], 0, false);
            }
            long size = ch.size();
            length = Math.min(length, MAX_BYTES);
            boolean overflow = false;
            if (size > offset + length) {
                overflow = true;
                offset = size - 1;
            }
            if (offset + length > size) {
                if (offset > size - 1) {
                    length = 0;
                }
                offset = size - length;
            }
            offset = Math.max(0, offset);
            length = Math.max(0, length);
            return new Tail(readAt(ch, offset, length), size, overflow);
        }
    }

    private static byte[] readAt(FileChannel ch, long from, long count) throws IOException {
        if (count <= 0 || from < 0) {
            return new byte[0];
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, MAX_BYTES));
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) <= 0) {
                break; // truncated meanwhile: what was there
            }
        }
        return buf.flip().remaining() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.limit());
    }
}
