package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** grep's literal fast path gives exactly the lines the regex over LineReader's (cut) lines gives. */
class LiteralLineSearchTest {

    private static final String NEEDLE = "rare-needle-7f3a";

    private static BoundedText.Budget budget() {
        return new BoundedText.Budget(Long.MAX_VALUE, System.nanoTime() + 60_000_000_000L, System::nanoTime);
    }

    /** The regex path's answer: every cut line containing the needle, the last {@code keep}. */
    private static List<String> reference(byte[] content, String needle, int keep) throws IOException {
        ArrayDeque<String> ring = new ArrayDeque<>();
        LineReader reader = new LineReader(new ByteArrayInputStream(content));
        for (String line = reader.next(); line != null; line = reader.next()) {
            if (line.contains(needle)) {
                if (ring.size() == keep) {
                    ring.removeFirst();
                }
                ring.addLast(line);
            }
        }
        return new ArrayList<>(ring);
    }

    /** Reads in small, uneven pieces, as a gzip stream does. */
    private static InputStream trickle(byte[] content, Random random) {
        return new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(200_000)));
            }
        };
    }

    private static byte[] randomLog(Random random, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(100);
            int length = kind < 90 ? random.nextInt(200) : kind < 98 ? 10_000 + random.nextInt(20_000) : 1_000_000 + random.nextInt(1_200_000);
            StringBuilder line = new StringBuilder(length + 20);
            for (int j = 0; j < length; j++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            if (random.nextInt(4) == 0) {
                int at = random.nextInt(line.length() + 1);
                line.insert(at, random.nextBoolean() ? NEEDLE : "rare-needle-7f3"); // near misses too
            }
            if (random.nextInt(20) == 0) {
                line.insert(random.nextInt(line.length() + 1), "é"); // non-ASCII beside the needle
            }
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            if (i < lines - 1 || random.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    @Test
    void sameLinesAsTheRegexPath_onRandomLogsWithOverlongLines() throws IOException {
        for (int seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            byte[] content = randomLog(random, 400);
            for (int keep : new int[] {1, 3, 1000}) {
                List<String> expected = reference(content, NEEDLE, keep);
                List<String> got = LiteralLineSearch.forPattern(NEEDLE).lastMatches(trickle(content, random), keep, budget());
                assertEquals(expected, got, "seed " + seed + " keep " + keep);
            }
        }
    }

    @Test
    void aMatchPastTheCutOfALongLine_isNotAMatch_asWithTheRegex() throws IOException {
        String head = "x".repeat(LineReader.MAX_LINE - 4);
        byte[] content = (head + NEEDLE + "\nlast " + NEEDLE).getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("last " + NEEDLE),
                LiteralLineSearch.forPattern(NEEDLE).lastMatches(new ByteArrayInputStream(content), 10, budget()));
        assertEquals(reference(content, NEEDLE, 10),
                LiteralLineSearch.forPattern(NEEDLE).lastMatches(new ByteArrayInputStream(content), 10, budget()));
    }

    @Test
    void onlyPlainAsciiLiterals_takeTheFastPath() {
        assertNotNull(LiteralLineSearch.forPattern("GET /health 200"));
        assertNotNull(LiteralLineSearch.forPattern("user=alice:ok-1"));
        for (String regex : new String[] {"a.c", "^start", "end$", "a|b", "(?i)x", "a\\d", "[ab]", "x{2}", "é", "a+", "tab\there"}) {
            assertNull(LiteralLineSearch.forPattern(regex), regex);
        }
    }

    @Test
    void pastItsDeadline_theSearchEnds() {
        byte[] content = "a\nb\n".getBytes(StandardCharsets.US_ASCII);
        BoundedText.Budget spent = new BoundedText.Budget(Long.MAX_VALUE, System.nanoTime() - 1, System::nanoTime);
        assertThrows(BoundedText.Exhausted.class,
                () -> LiteralLineSearch.forPattern("a").lastMatches(new ByteArrayInputStream(content), 1, spent));
    }
}
