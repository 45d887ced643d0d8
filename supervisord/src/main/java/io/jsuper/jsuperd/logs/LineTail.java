package io.jsuper.jsuperd.logs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The unterminated last line of a log file, kept in memory (up to {@link #LIMIT} bytes) so that a
 * rotation can move it to the new file without reading the old one back: re-opening a path for reading
 * is what let a child park the output thread on a FIFO. A longer partial line is not kept; rotation then
 * splits it, as it splits a line longer than the file's maximum size.
 */
final class LineTail {

    /** Longest partial line carried over a rotation. Small: every sink may hold one. */
    static final int LIMIT = 8 * 1024;
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE; // grown on demand: most sinks never hold a partial line
    private int length;
    private boolean lost; // the line is longer than LIMIT, or its start was never seen

    /** A complete line was written: nothing is pending. */
    void clear() {
        length = 0;
        lost = false;
    }

    /** The pending line's start is unknown (e.g. too long to keep): rotation will split it. */
    void forget() {
        length = 0;
        lost = true;
    }

    /** {@code count} bytes of {@code src} from absolute index {@code from}, without a newline, continue the line. */
    void append(ByteBuffer src, int from, int count) {
        if (lost || count == 0) {
            return;
        }
        if (length + count > LIMIT) {
            forget();
            return;
        }
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(LIMIT, Math.max(256, Integer.highestOneBit(length + count) << 1)));
        }
        src.get(from, bytes, length, count);
        length += count;
    }

    /** True if exactly the last {@code partial} bytes of the file are held. */
    boolean holds(long partial) {
        return !lost && partial == length;
    }

    /** The held bytes, for writing to the new file. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes, 0, length);
    }
}
