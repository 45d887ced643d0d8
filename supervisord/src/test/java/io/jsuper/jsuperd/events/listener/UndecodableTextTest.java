package io.jsuper.jsuperd.events.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** supervisord's {@code 'Undecodable: %r' % data} for event data that is not UTF-8 (events.py, Python 3 repr). */
class UndecodableTextTest {

    private static String of(byte... data) {
        return new String(UndecodableText.of(data), StandardCharsets.UTF_8);
    }

    @Test
    void validUtf8_isSentAsItIs() {
        byte[] text = "h\u00e9llo \u20ac\n".getBytes(StandardCharsets.UTF_8);
        assertSame(text, UndecodableText.of(text));
        byte[] empty = new byte[0];
        assertSame(empty, UndecodableText.of(empty));
    }

    @Test
    void invalidUtf8_becomesUndecodableAndPythonsRepr() {
        assertEquals("Undecodable: b'\\xff'", of((byte) 0xff));
        assertEquals("Undecodable: b'a\\xc3'", of((byte) 'a', (byte) 0xc3), "a character cut short");
        assertEquals("Undecodable: b'\\\\\\t\\n\\r\\x00\\x7f\\x80 ~\\xff'",
                of((byte) '\\', (byte) '\t', (byte) '\n', (byte) '\r', (byte) 0, (byte) 0x7f, (byte) 0x80, (byte) ' ',
                        (byte) '~', (byte) 0xff));
    }

    /** Python picks double quotes for data with ' and no ", else single quotes with \' escaped. */
    @Test
    void quotes_asPythonChoosesThem() {
        assertEquals("b\"a'b\"", UndecodableText.pythonRepr("a'b".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b'a\\'b\"c'", UndecodableText.pythonRepr("a'b\"c".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b'a\"b'", UndecodableText.pythonRepr("a\"b".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("Undecodable: b'\\xe2\\x82'".getBytes(StandardCharsets.US_ASCII),
                UndecodableText.of(new byte[] {(byte) 0xe2, (byte) 0x82}));
    }
}
