package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines forward from a stream, each cut at {@link #MAX_LINE} bytes (the rest of an overlong line
 * is skipped), so that a file without newlines cannot make one line as large as the file.
 */
final class LineReader {
    static final int MAX_LINE = 16 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private long consumed;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Bytes read from the stream so far (for scan budgets). */
    long consumed() {
        return consumed;
    }

    /** The next line without its newline, or null at the end; a last line without newline counts. */
    String next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? decode(length) : null;
                }
                consumed += end;
            }
            any = true;
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
            length = keep(start, pos - start, length);
            if (pos < end) {
                pos++; // the newline
                return decode(length);
            }
        }
    }

    private int keep(int from, int count, int length) {
        int room = Math.min(count, MAX_LINE - length);
        if (room <= 0) {
            return length;
        }
        if (length + room > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(length + room, line.length * 2)));
        }
        System.arraycopy(buf, from, line, length, room);
        return length + room;
    }

    private String decode(int length) {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
