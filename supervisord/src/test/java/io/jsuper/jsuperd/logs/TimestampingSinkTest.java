package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.config.StrftimeFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** time_format: one prefix per line start, whatever the reads cut, on a manual wall clock. */
class TimestampingSinkTest {
    private final AtomicLong wall = new AtomicLong(Instant.parse("2026-11-27T09:30:05.123Z").toEpochMilli());
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final OutputSink capture = new OutputSink() {
        @Override
        public void write(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            written.writeBytes(b);
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    };

    private TimestampingSink sink(String format) {
        TimestampingSink s = new TimestampingSink(capture, StrftimeFormat.parse(format), wall::get, ZoneOffset.UTC);
        s.started(42);
        return s;
    }

    private static void write(OutputSink sink, String text) {
        sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineGetsOnePrefix_partialLinesAcrossReadsToo() {
        TimestampingSink s = sink("%Y-%m-%d %H:%M:%S");
        write(s, "one\ntw");
        wall.addAndGet(2000);
        write(s, "o\nthree\n");
        write(s, "\n");
        assertEquals("2026-11-27 09:30:05 [42] | one\n"
                + "2026-11-27 09:30:05 [42] | two\n"
                + "2026-11-27 09:30:07 [42] | three\n"
                + "2026-11-27 09:30:07 [42] | \n", text());
    }

    @Test
    void theNextProcessPid_andSubSecondDigits() {
        TimestampingSink s = sink("%H:%M:%S.%f");
        write(s, "a\n");
        s.started(43);
        wall.addAndGet(1);
        write(s, "b\n");
        assertEquals("09:30:05.123000 [42] | a\n09:30:05.124000 [43] | b\n", text());
    }

    @Test
    void aChunkLargerThanTheBuffers_keepsEveryByteInOrder() {
        TimestampingSink s = sink("%s");
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            in.append("line-").append(i).append('\n');
        }
        in.append("x".repeat(300_000)); // a long unterminated line spans many buffers
        write(s, in.toString());
        write(s, "y\n");
        String[] lines = text().split("\n", -1);
        assertEquals(40_002, lines.length);
        for (int i = 0; i < 40_000; i++) {
            assertEquals("1795771805 [42] | line-" + i, lines[i]);
        }
        assertEquals("1795771805 [42] | " + "x".repeat(300_000) + "y", lines[40_000]);
    }

    @Test
    void formatSubset_andRefusal() {
        StringBuilder out = new StringBuilder();
        StrftimeFormat.parse("%F %T %e %j %a %b %p %I %y %z %%").format(wall.get(), ZoneOffset.UTC, out);
        assertEquals("2026-11-27 09:30:05 27 331 Fri Nov AM 09 26 +0000 %", out.toString());
        Exception e = assertThrows(RuntimeException.class, () -> StrftimeFormat.parse("%Y %Q"));
        assertTrue(e.getMessage().contains("has %Q, which jsuper does not support"), e.getMessage());
    }

    @Test
    void newlineScan_findsTheFirstNewline_atEveryOffsetAndAlignment() {
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 2000; round++) {
            byte[] a = new byte[random.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                int r = random.nextInt(12);
                a[i] = (byte) (r == 0 ? '\n' : r == 1 ? 0x0b : r == 2 ? (byte) 0x8a : 'a' + r); // near misses too
            }
            int from = a.length == 0 ? 0 : random.nextInt(a.length);
            int expected = a.length;
            for (int i = from; i < a.length; i++) {
                if (a[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, TimestampingSink.newlineAt(a, from, a.length), java.util.Arrays.toString(a) + " from " + from);
        }
    }

    @Test
    void randomLinesAndCuts_directAndHeapChunks_matchAPlainReference() {
        java.util.Random random = new java.util.Random(42);
        TimestampingSink s = sink("%Y-%m-%d %H:%M:%S some long constant text so that the prefix spans several words");
        String prefix = "2026-11-27 09:30:05 some long constant text so that the prefix spans several words [42] | ";
        StringBuilder expected = new StringBuilder();
        boolean lineStart = true;
        for (int chunk = 0; chunk < 400; chunk++) {
            StringBuilder in = new StringBuilder();
            int bytes = random.nextInt(chunk % 50 == 0 ? 600_000 : 300);
            while (in.length() < bytes) {
                int r = random.nextInt(20);
                in.append(r == 0 ? '\n' : r == 1 ? '\u000b' : (char) ('a' + r)); // 0x0b: one off from '\n'
            }
            for (char c : in.toString().toCharArray()) {
                if (lineStart) {
                    expected.append(prefix);
                }
                expected.append(c);
                lineStart = c == '\n';
            }
            byte[] data = in.toString().getBytes(StandardCharsets.US_ASCII);
            if (random.nextBoolean()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 7);
                direct.position(random.nextInt(8)); // any alignment
                direct.put(data).flip().position(direct.limit() - data.length);
                s.write(direct);
                assertFalse(direct.hasRemaining());
            } else {
                s.write(ByteBuffer.wrap(data));
            }
        }
        assertEquals(expected.toString(), text());
    }
}
