package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** supervisord's readProcessStdoutLog / tailProcessStdoutLog semantics (readFile / tailFile), case by case. */
class OffsetLogReadTest {
    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path p = dir.resolve("out.log");
        Files.writeString(p, content);
        return p;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void read_fromAnOffset_toTheEnd_andFromTheEnd() throws Exception {
        Path p = file("0123456789");
        assertEquals("234", text(OffsetLogRead.read(p, 2, 3)));
        assertEquals("23456789", text(OffsetLogRead.read(p, 2, 0)), "length 0 reads to the end");
        assertEquals("789", text(OffsetLogRead.read(p, -3, 0)), "a negative offset counts from the end");
        assertEquals("0123456789", text(OffsetLogRead.read(p, -100, 0)));
        assertEquals("89", text(OffsetLogRead.read(p, 8, 100)));
        assertEquals("", text(OffsetLogRead.read(p, 50, 5)), "past the end: nothing");
        assertThrows(OffsetLogRead.BadArguments.class, () -> OffsetLogRead.read(p, -3, 2));
        assertThrows(OffsetLogRead.BadArguments.class, () -> OffsetLogRead.read(p, 0, -2));
        assertNull(OffsetLogRead.read(dir.resolve("missing.log"), 0, 0), "NO_FILE");
    }

    @Test
    void tail_returnsBytesNextOffsetAndOverflow() throws Exception {
        Path p = file("0123456789");
        assertEquals(new TailView("789", 10, true), view(OffsetLogRead.tail(p, 0, 3)), "grew past offset+length");
        assertEquals(new TailView("6789", 10, false), view(OffsetLogRead.tail(p, 8, 4)), "within: the last bytes");
        assertEquals(new TailView("", 10, false), view(OffsetLogRead.tail(p, 10, 5)), "nothing new");
        assertEquals(new TailView("", 0, false), view(OffsetLogRead.tail(dir.resolve("missing.log"), 0, 5)));
        Files.writeString(p, "0123456789abc");
        assertEquals(new TailView("abc", 13, false), view(OffsetLogRead.tail(p, 10, 3)), "what came since");
    }

    @Test
    void answersAreCapped_keepingTheNewestBytesFromTheEnd() throws Exception {
        Path p = file("a".repeat(OffsetLogRead.MAX_BYTES) + "z".repeat(10));
        byte[] last = OffsetLogRead.read(p, -(OffsetLogRead.MAX_BYTES + 10L), 0);
        assertEquals(OffsetLogRead.MAX_BYTES, last.length);
        assertEquals('z', last[last.length - 1]);
        assertEquals(OffsetLogRead.MAX_BYTES, OffsetLogRead.read(p, 0, 0).length);
    }

    @Test
    void symlinksAreRefused_likeEveryOtherLogRead() throws Exception {
        Path target = file("secret");
        Path link = dir.resolve("link.log");
        Files.createSymbolicLink(link, target);
        assertThrows(java.io.IOException.class, () -> OffsetLogRead.read(link, 0, 0));
    }

    private record TailView(String text, long offset, boolean overflow) {
    }

    private static TailView view(OffsetLogRead.Tail t) {
        return new TailView(text(t.bytes()), t.offset(), t.overflow());
    }
}
