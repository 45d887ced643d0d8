package io.jsuper.jsuperd.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the API's answers (maps, lists, strings, numbers, booleans, enums, null) as compact JSON, byte for
 * byte as Jackson's {@code ObjectMapper} does, without loading it: Jackson's serialization side is ~470 classes,
 * which a daemon that only ever answers {@code GET /services} would otherwise hold in memory for good
 * (docs/packaging.md, "Footprint"). Anything else is refused, and the caller falls back to Jackson.
 */
final class JsonWriter {
    /** A value this writer does not know how Jackson would write. */
    static final class Unsupported extends Exception {
        Unsupported(Object value) {
            super(value.getClass().getName(), null, false, false);
        }
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * UTF-8 straight into a byte array: a StringBuilder filled char by char and encoded at the end cost
     * 43 % of the API thread's CPU per {@code GET /services} (JFR), more than Jackson did before it.
     */
    private byte[] buf = new byte[1024];
    private int len;

    private JsonWriter() {
    }

    static byte[] write(Object value) throws Unsupported {
        JsonWriter w = new JsonWriter();
        w.value(value);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void value(Object v) throws Unsupported {
        if (v == null) {
            raw(NULL);
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            number(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            raw(b ? TRUE : FALSE);
        } else if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)) {
            ascii(v.toString()); // Jackson writes Double.toString / Float.toString
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else if (v instanceof Map<?, ?> m) {
            map(m);
        } else if (v instanceof Iterable<?> items && (v instanceof java.util.Collection<?>)) {
            put('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    put(',');
                }
                first = false;
                value(item);
            }
            put(']');
        } else {
            throw new Unsupported(v);
        }
    }

    private void map(Map<?, ?> m) throws Unsupported {
        put('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new Unsupported(m);
            }
            if (!first) {
                put(',');
            }
            first = false;
            string(key);
            put(':');
            value(e.getValue());
        }
        put('}');
    }

    /** Jackson's default escaping: quote, backslash and control characters; the rest of the BMP as is (UTF-8). */
    private void string(String s) throws Unsupported {
        int n = s.length();
        int plain = 0;
        while (plain < n && isPlain(s.charAt(plain))) {
            plain++;
        }
        ensure(n + 2);
        buf[len++] = '"';
        latin1(s, plain); // the common case is all of it: names, states, paths
        for (int i = plain; i < n; i++) {
            escaped(s, s.charAt(i));
        }
        put('"');
    }

    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    }

    private void escaped(String s, char c) throws Unsupported {
        if (Character.isSurrogate(c)) {
            throw new Unsupported(s); // Jackson writes characters beyond U+FFFF as \\u escapes: leave them to it
        }
        ensure(6);
        switch (c) {
            case '"' -> pair('"');
            case '\\' -> pair('\\');
            case '\b' -> pair('b');
            case '\t' -> pair('t');
            case '\n' -> pair('n');
            case '\f' -> pair('f');
            case '\r' -> pair('r');
            default -> {
                if (c < 0x20) {
                    buf[len++] = '\\';
                    buf[len++] = 'u';
                    buf[len++] = '0';
                    buf[len++] = '0';
                    buf[len++] = HEX[c >> 4];
                    buf[len++] = HEX[c & 0xF];
                } else if (c < 0x80) {
                    buf[len++] = (byte) c;
                } else if (c < 0x800) {
                    buf[len++] = (byte) (0xC0 | c >> 6);
                    buf[len++] = (byte) (0x80 | c & 0x3F);
                } else {
                    buf[len++] = (byte) (0xE0 | c >> 12);
                    buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                    buf[len++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }
    }

    private void pair(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    /** The first {@code n} characters of {@code s}, all below 0x7F: one array copy for a Latin-1 string. */
    @SuppressWarnings("deprecation")
    private void latin1(String s, int n) {
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
    }

    private void ascii(String s) {
        latin1(s, s.length());
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
