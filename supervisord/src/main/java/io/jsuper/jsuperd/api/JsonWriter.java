package io.jsuper.jsuperd.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

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
    private byte[] buf = new byte[INITIAL_BYTES];
    private int len;
    private char[] chars = new char[64];
    private final byte[] scratch = new byte[20];
    /** The thread's writer is writing an answer (a nested {@link #write} gets a fresh writer). */
    private boolean inUse;

    private static final int INITIAL_BYTES = 1024;
    /**
     * A thread's writer keeps an array grown up to this size between answers. A fresh writer per answer
     * grew its array 1 → 2 → 4 KiB and copied it out for a status of 10 processes: two thirds of the ~16 KB
     * each {@code GET /services} allocated, which the daemon's small young generation paid in a collection
     * every ~140 requests.
     */
    static final int KEPT_BYTES = 64 * 1024;
    private static final FastThreadLocal<JsonWriter> REUSED = new FastThreadLocal<>() {
        @Override
        protected JsonWriter initialValue() {
            return new JsonWriter();
        }
    };

    private JsonWriter() {
    }

    static byte[] write(Object value) throws Unsupported {
        JsonWriter w = acquire();
        try {
            w.value(value);
            return Arrays.copyOf(w.buf, w.len);
        } finally {
            w.release();
        }
    }

    /** {@code value} as JSON in one buffer of {@code alloc}, exactly as long as the text (the caller releases it). */
    static ByteBuf write(Object value, ByteBufAllocator alloc) throws Unsupported {
        JsonWriter w = acquire();
        try {
            w.value(value);
            ByteBuf out = alloc.buffer(w.len);
            return out.writeBytes(w.buf, 0, w.len);
        } finally {
            w.release();
        }
    }

    private static JsonWriter acquire() {
        JsonWriter w = REUSED.get();
        if (w.inUse) {
            return new JsonWriter();
        }
        w.inUse = true;
        w.len = 0;
        return w;
    }

    private void release() {
        inUse = false;
        len = 0;
        if (buf.length > KEPT_BYTES) { // a status of thousands of processes: not kept for the next answer
            buf = new byte[INITIAL_BYTES];
        }
        if (chars.length > KEPT_BYTES / 2) {
            chars = new char[64];
        }
    }

    void value(Object v) throws Unsupported {
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
        } else if (v instanceof DirectJson d) {
            d.writeTo(this);
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
    void string(String s) throws Unsupported {
        int n = s.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        s.getChars(0, n, chars, 0); // one bulk copy: a String.charAt per character costs a call each in C1 code
        ensure(n + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        for (; i < n; i++) { // the common case is all of it: names, states, paths
            char c = chars[i];
            if (!isPlain(c)) {
                break;
            }
            b[at++] = (byte) c;
        }
        len = at;
        for (; i < n; i++) {
            escaped(s, chars[i]);
        }
        put('"');
    }

    /**
     * {@code "watcher:wid"} as {@link #string} writes {@code watcher + ":" + wid} (escaping is per character,
     * and the colon and digits need none), without building that string per process per status call.
     */
    void displayName(String watcher, int wid) throws Unsupported {
        string(watcher);
        len--; // reopen the string: its closing quote goes after the number
        put(':');
        number(wid);
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

    /** An ASCII string (a number's digits): one array copy. */
    @SuppressWarnings("deprecation")
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
    }

    /** Digits from the end, one division each (C1 does not turn a division by 10 into a multiplication). */
    void number(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        byte[] digits = scratch;
        int at = digits.length;
        if (v <= Integer.MAX_VALUE) {
            int x = (int) v; // int division: several times cheaper than long division
            do {
                int q = x / 10;
                digits[--at] = (byte) ('0' + x - q * 10);
                x = q;
            } while (x != 0);
        } else {
            do {
                long q = v / 10;
                digits[--at] = (byte) ('0' + (int) (v - q * 10));
                v = q;
            } while (v != 0);
        }
        int n = digits.length - at;
        System.arraycopy(digits, at, buf, len, n);
        len += n;
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    void nullValue() {
        raw(NULL);
    }

    void bool(boolean b) {
        raw(b ? TRUE : FALSE);
    }

    /** {@code s} as a JSON string, e.g. a key with its colon ({@code ,"pid":}), for {@link #raw}. */
    static byte[] encoded(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
