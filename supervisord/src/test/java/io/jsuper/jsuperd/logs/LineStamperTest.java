package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The native and the Java copy loop write the same bytes, whatever the reads and the output blocks cut. */
class LineStamperTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Integer> blocks = new ArrayList<>();

    private void accept(ByteBuffer block) {
        assertTrue(block.hasRemaining(), "an empty block was handed on");
        blocks.add(block.remaining());
        byte[] b = new byte[block.remaining()];
        block.get(b);
        written.writeBytes(b);
    }

    @Test
    void theNativeLoopLoads_inThisModulesTests() {
        // surefire sets jsuper.spawnHelper to target/native/jsuper-spawn; the library is built beside it.
        assertTrue(NativeStamp.available(), "libjsuper-stamp.so next to " + System.getProperty("jsuper.spawnHelper"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void randomLinesCutsAndBlocks_matchAPlainReference(boolean nativeLoop) {
        Random random = new Random(nativeLoop ? 7 : 8);
        for (int round = 0; round < 60; round++) {
            String prefix = round % 3 == 0 ? "09:30:05 [42] | "
                    : round % 3 == 1 ? "2026-11-27 09:30:05 [4242] | " : "x".repeat(65 + random.nextInt(100)) + " | ";
            int block = round % 10 == 0 ? LineStamper.BLOCK : prefix.length() + 1 + random.nextInt(300);
            LineStamper stamper = new LineStamper(nativeLoop, block);
            stamper.prefix(prefix.getBytes(StandardCharsets.US_ASCII));
            written.reset();
            blocks.clear();
            StringBuilder expected = new StringBuilder();
            boolean lineStart = true;
            for (int chunk = 0; chunk < 30; chunk++) {
                String in = randomText(random, random.nextInt(chunk % 10 == 0 ? 5000 : 200));
                for (char c : in.toCharArray()) {
                    expected.append(lineStart ? prefix : "").append(c);
                    lineStart = c == '\n';
                }
                feed(stamper, in.getBytes(StandardCharsets.US_ASCII), random);
            }
            assertEquals(expected.toString(), written.toString(StandardCharsets.US_ASCII), "block " + block);
            int most = Math.max(block, prefix.length() + 1) + (nativeLoop ? 0 : prefix.length() + 32);
            blocks.forEach(n -> assertTrue(n <= most, n + " bytes in a block of " + block));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBlockWithRoomForOnePrefixAndOneByte_stillCarriesEveryLine(boolean nativeLoop) {
        String prefix = "T | ";
        LineStamper stamper = new LineStamper(nativeLoop, prefix.length() + 1);
        stamper.prefix(prefix.getBytes(StandardCharsets.US_ASCII));
        stamper.stamp(ByteBuffer.wrap("ab\n\nc".getBytes(StandardCharsets.US_ASCII)), this::accept);
        stamper.stamp(ByteBuffer.wrap("d\n".getBytes(StandardCharsets.US_ASCII)), this::accept);
        assertEquals("T | ab\nT | \nT | cd\n", written.toString(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPrefixChange_appliesFromTheNextLineStart(boolean nativeLoop) {
        LineStamper stamper = new LineStamper(nativeLoop, LineStamper.BLOCK);
        stamper.prefix("1 | ".getBytes(StandardCharsets.US_ASCII));
        stamper.stamp(ByteBuffer.wrap("a\nb".getBytes(StandardCharsets.US_ASCII)), this::accept);
        stamper.prefix("2 | ".getBytes(StandardCharsets.US_ASCII));
        stamper.stamp(ByteBuffer.wrap("c\nd\n".getBytes(StandardCharsets.US_ASCII)), this::accept);
        assertEquals("1 | a\n1 | bc\n2 | d\n", written.toString(StandardCharsets.US_ASCII));
    }

    /** Hands {@code data} over in random reads, each a direct buffer at a random alignment or a heap buffer. */
    private void feed(LineStamper stamper, byte[] data, Random random) {
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, 1 + random.nextInt(700));
            if (random.nextBoolean()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(n + 7);
                direct.position(random.nextInt(8));
                direct.put(data, at, n).flip().position(direct.limit() - n);
                stamper.stamp(direct, this::accept);
                assertFalse(direct.hasRemaining());
            } else {
                stamper.stamp(ByteBuffer.wrap(data, at, n), this::accept);
            }
            at += n;
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            int r = random.nextInt(random.nextBoolean() ? 4 : 40);
            s.append(r == 0 ? '\n' : r == 1 ? '\u000b' : (char) ('a' + r % 26)); // 0x0b: one off from '\n'
        }
        return s.toString();
    }
}
