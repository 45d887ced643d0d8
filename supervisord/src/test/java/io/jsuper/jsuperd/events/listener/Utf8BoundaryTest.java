package io.jsuper.jsuperd.events.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cuts of PROCESS_LOG data that never split a UTF-8 character, and leave bytes that are not UTF-8 alone. */
class Utf8BoundaryTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void completeEnd_holdsBackACharacterWhoseBytesAreStillComing() {
        assertEquals(3, Utf8Boundary.completeEnd(utf8("abc")));
        byte[] e = utf8("a\u00e9"); // a, C3 A9
        assertEquals(3, Utf8Boundary.completeEnd(e));
        assertEquals(1, Utf8Boundary.completeEnd(new byte[] {'a', e[1]}));
        byte[] emoji = utf8("x\uD83D\uDE00"); // x and 4 bytes
        assertEquals(5, Utf8Boundary.completeEnd(emoji));
        assertEquals(1, Utf8Boundary.completeEnd(java.util.Arrays.copyOf(emoji, 4)));
        assertEquals(3, Utf8Boundary.completeEnd(new byte[] {'a', (byte) 0xA9, (byte) 0xA9}), "not UTF-8: as it is");
        assertEquals(0, Utf8Boundary.completeEnd(new byte[0]));
    }

    @Test
    void before_movesACutOffTheMiddleOfACharacter() {
        byte[] e = utf8("ab\u00e9c"); // a b C3 A9 c
        assertEquals(2, Utf8Boundary.before(e, 0, 3));
        assertEquals(4, Utf8Boundary.before(e, 0, 4));
        assertEquals(5, Utf8Boundary.before(e, 0, 5));
        byte[] junk = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(5, Utf8Boundary.before(junk, 0, 5), "no character boundary near: cut where asked");
        assertEquals(2, Utf8Boundary.before(junk, 1, 2));
    }
}
