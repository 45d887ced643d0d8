package io.jsuper.jsuperd.api;

import java.nio.charset.StandardCharsets;
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);

    private JsonWriter() {
    }

    static byte[] write(Object value) throws Unsupported {
        JsonWriter w = new JsonWriter();
        w.value(value);
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void value(Object v) throws Unsupported {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)) {
            out.append(v); // Jackson writes Double.toString / Float.toString
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else if (v instanceof Map<?, ?> m) {
            map(m);
        } else if (v instanceof Iterable<?> items && (v instanceof java.util.Collection<?>)) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(item);
            }
            out.append(']');
        } else {
            throw new Unsupported(v);
        }
    }

    private void map(Map<?, ?> m) throws Unsupported {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new Unsupported(m);
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(key);
            out.append(':');
            value(e.getValue());
        }
        out.append('}');
    }

    /** Jackson's default escaping: quote, backslash and control characters; the rest of the BMP as is (UTF-8). */
    private void string(String s) throws Unsupported {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                throw new Unsupported(s); // Jackson writes characters beyond U+FFFF as \\u escapes: leave them to it
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
