package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * grep's fast path for a pattern that is a plain ASCII literal ({@code rare-needle-7f3a}): the file is
 * searched as bytes, 1 MiB per read, for the literal's rarest byte (eight bytes per step), and only a line
 * holding a hit is decoded. The same answer as the regex over {@link LineReader}'s lines, cut at
 * {@link LineReader#MAX_LINE} bytes (an ASCII byte never occurs inside a multi-byte UTF-8 character).
 */
final class LiteralLineSearch {

    private static final int BUFFER = 1 << 20;
    private static final String META = "\\^$.|?*+()[]{}";

    private final byte[] needle;
    private final int pivot; // index in needle of the byte searched for first
    private final byte[] buf = new byte[BUFFER];

    private LiteralLineSearch(byte[] needle) {
        this.needle = needle;
        this.pivot = rarest(needle);
    }

    /** The fast path for {@code regex}, or null when it is not a plain printable-ASCII literal. */
    static LiteralLineSearch forPattern(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c < 0x20 || c > 0x7e || META.indexOf(c) >= 0) {
                return null;
            }
        }
        return regex.isEmpty() ? null : new LiteralLineSearch(regex.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The last {@code keep} lines of {@code in} containing the literal, oldest first. {@code budget} ends the
     * search at its deadline (checked once per read).
     */
    List<String> lastMatches(InputStream in, int keep, BoundedText.Budget budget) throws IOException {
        ArrayDeque<String> ring = new ArrayDeque<>();
        int start = 0; // first byte not yet searched; always a line start unless skipping
        int end = 0;
        boolean skipping = false; // inside the part of an overlong line that is past MAX_LINE
        while (true) {
            budget.checkTime();
            int n = in.read(buf, end, BUFFER - end);
            if (n <= 0) {
                if (!skipping && end > start) {
                    searchLines(start, end, end, ring, keep); // a last line without newline
                }
                return new ArrayList<>(ring);
            }
            end += n;
            if (skipping) {
                int nl = LineScan.indexOf(buf, start, end, (byte) '\n');
                if (nl == end) {
                    start = end = 0; // still inside the overlong line
                    continue;
                }
                skipping = false;
                start = nl + 1;
            }
            int lastNl = LineScan.lastIndexOf(buf, start, end, (byte) '\n');
            if (lastNl < 0) {
                if (start > 0) { // room for more of this line
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (end == BUFFER) { // longer than the buffer: its first MAX_LINE bytes count, as in LineReader
                    searchLines(0, LineReader.MAX_LINE, LineReader.MAX_LINE, ring, keep);
                    skipping = true;
                    end = 0;
                }
                continue;
            }
            searchLines(start, lastNl + 1, end, ring, keep);
            System.arraycopy(buf, lastNl + 1, buf, 0, end - lastNl - 1);
            end -= lastNl + 1;
            start = 0;
        }
    }

    /** Matches in the whole lines of {@code buf[from..to)} ({@code to} is a line end or the data's end). */
    private void searchLines(int from, int to, int dataEnd, ArrayDeque<String> ring, int keep) {
        int i = from + pivot;
        int last = to - (needle.length - pivot); // the pivot byte's last possible place
        while (i <= last) {
            int hit = LineScan.indexOf(buf, i, last + 1, needle[pivot]);
            if (hit > last) {
                return;
            }
            int at = hit - pivot;
            if (matchesAt(at)) {
                int lineStart = LineScan.lastIndexOf(buf, from, at, (byte) '\n') + 1;
                lineStart = Math.max(lineStart, from);
                int lineEnd = LineScan.indexOf(buf, at, Math.min(to, dataEnd), (byte) '\n');
                if (at + needle.length - lineStart <= LineReader.MAX_LINE) { // inside the part a line is cut to
                    if (ring.size() == keep) {
                        ring.removeFirst();
                    }
                    int length = Math.min(lineEnd - lineStart, LineReader.MAX_LINE);
                    ring.addLast(new String(buf, lineStart, length, StandardCharsets.UTF_8));
                }
                i = lineEnd + 1 + pivot; // one hit per line
            } else {
                i = hit + 1;
            }
        }
    }

    private boolean matchesAt(int at) {
        return Arrays.equals(buf, at, at + needle.length, needle, 0, needle.length);
    }

    /**
     * The needle byte least likely in log text (letters and digits are common, punctuation less so): the
     * scan stops at fewer false hits.
     */
    private static int rarest(byte[] needle) {
        int best = 0;
        int bestScore = Integer.MAX_VALUE;
        for (int i = 0; i < needle.length; i++) {
            int score = commonness(needle[i]);
            if (score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static int commonness(byte b) {
        if (b == ' ' || b == 'e' || b == 't' || b == 'a' || b == 'o' || b == 'i' || b == 'n' || b == 's') {
            return 5;
        }
        if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
            return "jqxzkvbpgyfwmucldrh".indexOf(b) >= 0 ? 1 + "jqxzkvbpgyfwmucldrh".indexOf(b) / 5 : 4;
        }
        if (b >= 'A' && b <= 'Z') {
            return 2;
        }
        return 0; // punctuation: '-', '_', '=', ':' …
    }
}
