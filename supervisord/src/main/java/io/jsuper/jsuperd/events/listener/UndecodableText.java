package io.jsuper.jsuperd.events.listener;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Event data as supervisord 4 puts it in a payload: UTF-8 as it is, anything else replaced by
 * {@code Undecodable: b'...'} (Python's {@code 'Undecodable: %r' % data}), so that a listener always reads text
 * and the payload's {@code len:} counts characters.
 */
final class UndecodableText {
    private UndecodableText() {
    }

    /** {@code data} when it is valid UTF-8, else the UTF-8 bytes of {@code Undecodable: } and its Python repr. */
    static byte[] of(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return data;
        } catch (CharacterCodingException e) {
            return ("Undecodable: " + pythonRepr(data)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Python 3's {@code repr(bytes)}: single quotes, or double quotes when the data holds a {@code '} and no
     * {@code "}; {@code \t \n \r}, the backslash and the quote escaped; other bytes outside 0x20-0x7e as {@code \xNN}.
     */
    static String pythonRepr(byte[] data) {
        boolean single = contains(data, '\'');
        char quote = single && !contains(data, '"') ? '"' : '\'';
        StringBuilder b = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte x : data) {
            int u = x & 0xFF;
            if (u == quote || u == '\\') {
                b.append('\\').append((char) u);
            } else if (u == '\t') {
                b.append("\\t");
            } else if (u == '\n') {
                b.append("\\n");
            } else if (u == '\r') {
                b.append("\\r");
            } else if (u < 0x20 || u >= 0x7f) {
                b.append("\\x").append(HEX[u >> 4]).append(HEX[u & 0xF]);
            } else {
                b.append((char) u);
            }
        }
        return b.append(quote).toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static boolean contains(byte[] data, char c) {
        for (byte x : data) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }
}
