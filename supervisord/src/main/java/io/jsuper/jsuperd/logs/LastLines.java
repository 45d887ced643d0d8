package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N lines of a log stream across its current file and backups (gzipped ones included). A plain
 * file is read backwards from its end, a gzipped one forward keeping only the last lines, and at most
 * {@code maxBytes} of lines are kept, so the answer is bounded whatever the files hold.
 */
public final class LastLines {
    public static final int MAX_LINES = 10_000;
    private static final int FIRST_WINDOW = 64 * 1024;

    /** The lines, oldest first; {@code truncated} when the byte bound cut the answer short. */
    public record Result(List<String> lines, boolean truncated) {
    }

    private LastLines() {
    }

    /**
     * @param newestFirst   the current file, then its backups
     * @param currentLimit  read the current file only up to this offset (where a follower starts), or -1
     */
    public static Result read(List<Path> newestFirst, int n, long maxBytes, long currentLimit) throws IOException {
        ArrayDeque<String> out = new ArrayDeque<>();
        long[] bytes = {0};
        boolean truncated = false;
        boolean first = true;
        for (Path file : newestFirst) {
            if (out.size() >= n || bytes[0] >= maxBytes) {
                break;
            }
            List<String> part = LogFileSet.gzipped(file) ? lastOfStream(file, n - out.size())
                    : lastOfPlain(file, n - out.size(), maxBytes - bytes[0], first ? currentLimit : -1);
            first = false;
            for (int i = part.size() - 1; i >= 0; i--) {
                String line = part.get(i);
                if (bytes[0] + line.length() + 1 > maxBytes) {
                    truncated = true;
                    break;
                }
                bytes[0] += line.length() + 1;
                out.addFirst(line);
            }
            if (truncated) {
                break;
            }
        }
        return new Result(new ArrayList<>(out), truncated);
    }

    /** Last {@code n} lines of a plain file, growing a window from its end until it holds them. */
    static List<String> lastOfPlain(Path file, int n, long maxBytes, long limit) throws IOException {
        try (FileChannel ch = LogFiles.open(file)) {
            if (ch == null) {
                return List.of();
            }
            long size = limit >= 0 ? Math.min(limit, ch.size()) : ch.size();
            long window = Math.min(size, FIRST_WINDOW);
            while (true) {
                byte[] data = readAt(ch, size - window, (int) window);
                List<String> lines = split(data, window < size);
                boolean enough = lines.size() >= n || window == size;
                long cap = Math.min(Integer.MAX_VALUE - 8, Math.max(FIRST_WINDOW, maxBytes));
                if (enough || window >= cap) {
                    return lines.size() > n ? lines.subList(lines.size() - n, lines.size()) : lines;
                }
                window = Math.min(size, Math.min(cap, window * 4));
            }
        }
    }

    private static byte[] readAt(FileChannel ch, long from, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                break; // the file shrank meanwhile (copytruncate): take what there is
            }
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    /** Lines of {@code data}; without the first one when it may have started before the window. */
    private static List<String> split(byte[] data, boolean firstIsPartial) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                lines.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < data.length) {
            lines.add(new String(data, start, data.length - start, StandardCharsets.UTF_8));
        }
        if (firstIsPartial && !lines.isEmpty()) {
            lines.remove(0);
        }
        return lines;
    }

    /** Last {@code n} lines of a file read forward (gzipped). */
    static List<String> lastOfStream(Path file, int n) throws IOException {
        ArrayDeque<String> ring = new ArrayDeque<>(Math.min(n, 1024));
        try (InputStream in = LogFiles.content(file)) {
            if (in == null) {
                return List.of();
            }
            LineReader reader = new LineReader(in);
            for (String line = reader.next(); line != null; line = reader.next()) {
                if (ring.size() == n) {
                    ring.removeFirst();
                }
                ring.addLast(line);
            }
        }
        return new ArrayList<>(ring);
    }
}
