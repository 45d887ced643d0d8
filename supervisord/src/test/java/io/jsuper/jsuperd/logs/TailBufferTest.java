package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailBufferTest {

    private static void write(OutputSink sink, String s) {
        sink.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String text(TailBuffer.Tail t) {
        return new String(t.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void keepsTheNewestBytes_acrossWrapAround() {
        TailBuffer tail = new TailBuffer(8);
        write(tail, "abcde");
        write(tail, "fghij");
        assertEquals(10, tail.total());
        TailBuffer.Tail all = tail.since(0);
        assertEquals("cdefghij", text(all));
        assertEquals(2, all.offset());
        assertTrue(all.overflow());
        assertEquals("hij", text(tail.last(3)));
    }

    @Test
    void since_returnsOnlyNewBytes() {
        TailBuffer tail = new TailBuffer(64);
        write(tail, "hello ");
        long mark = tail.total();
        write(tail, "world");
        TailBuffer.Tail t = tail.since(mark);
        assertEquals("world", text(t));
        assertFalse(t.overflow());
        assertEquals(0, tail.since(tail.total()).bytes().length);
    }

    @Test
    void chunkLargerThanCapacity_keepsItsEnd() {
        TailBuffer tail = new TailBuffer(4);
        write(tail, "0123456789");
        assertEquals("6789", text(tail.since(0)));
        assertEquals(10, tail.total());
    }

    @Test
    void tee_feedsEverySink() {
        TailBuffer a = new TailBuffer(16);
        TailBuffer b = new TailBuffer(16);
        TeeSink tee = new TeeSink(java.util.List.of(a, b));
        ByteBuffer chunk = ByteBuffer.wrap("same".getBytes(StandardCharsets.US_ASCII));
        tee.write(chunk);
        assertFalse(chunk.hasRemaining());
        assertEquals("same", text(a.since(0)));
        assertEquals("same", text(b.since(0)));
    }
}
