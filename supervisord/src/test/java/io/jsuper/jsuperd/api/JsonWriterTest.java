package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** JsonWriter writes exactly what Jackson's ObjectMapper writes, or refuses so that Jackson does. */
class JsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    enum Color { DARK_RED }

    private static void sameAsJackson(Object value) throws Exception {
        assertArrayEquals(JACKSON.writeValueAsBytes(value), JsonWriter.write(value),
                () -> "for " + value + ": Jackson " + new String(safe(value), StandardCharsets.UTF_8));
    }

    private static byte[] safe(Object value) {
        try {
            return JACKSON.writeValueAsBytes(value);
        } catch (Exception e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void scalars_sameBytesAsJackson() throws Exception {
        for (Object v : Arrays.asList(null, true, false, 0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, (short) 7, (byte) -3,
                0.0, -0.0, 1.5, 1e10, 1e-7, 123456789.123, Double.MAX_VALUE, 2.5f, 1e20f, Color.DARK_RED)) {
            sameAsJackson(v);
        }
    }

    @Test
    void everyCharacter_escapedAsJacksonEscapesIt() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            all.append(c);
        }
        for (char c = Character.MAX_SURROGATE + 1; c != 0; c++) {
            all.append(c);
        }
        sameAsJackson(all.toString());
        sameAsJackson("\u00e9\u4e2d \u2028\u2029 \u007f \"quoted\" back\\slash /slash");
        sameAsJackson("");
    }

    @Test
    void plainPrefixThenEscapes_andLongStrings_sameBytesAsJackson() throws Exception {
        sameAsJackson("w1:1 \"quoted\" then \u00e9\u4e2d and \n\u0001 and plain again");
        sameAsJackson("x".repeat(5000) + "\u00e9" + "y".repeat(3000));
        sameAsJackson(Map.of("k\u00e9y", "v".repeat(2000), "long", List.of(Long.MAX_VALUE, -1234567890123L, 10, -10,
                Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, -((long) Integer.MAX_VALUE) - 2, 9, 99, 100, 1_000_000_007L)));
    }

    @Test
    void nestedMapsAndCollections_sameBytesAsJackson() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("name", "web");
        inner.put("pid", 1234);
        inner.put("missing", null);
        inner.put("tags", new LinkedHashSet<>(List.of("a", "b")));
        List<Object> list = new ArrayList<>(List.of(inner, List.of(), Map.of()));
        list.add(null);
        sameAsJackson(Map.of("processes", list, "count", 3L));
        sameAsJackson(List.of(List.of(List.of(1, 2), List.of("x"))));
    }

    @Test
    void unknownTypes_refused_soThatJacksonWritesThem() {
        for (Object v : List.of(Optional.of(1), new java.math.BigDecimal("1.10"), new int[]{1}, new Object[]{"a"},
                Double.NaN, Float.POSITIVE_INFINITY, new StringBuilder("sb"), Map.of(1, "int key"),
                java.time.Duration.ofSeconds(1), "lone \uD800 surrogate", "emoji \uD83D\uDE00")) {
            assertThrows(JsonWriter.Unsupported.class, () -> JsonWriter.write(v), v::toString);
            assertThrows(JsonWriter.Unsupported.class, () -> JsonWriter.write(Map.of("k", List.of(v))), v::toString);
        }
    }

    /** A body that writes another answer while it is being written (the thread's writer is busy then). */
    private record Nested(Object inner) implements DirectJson {
        @Override
        public void writeTo(JsonWriter w) throws JsonWriter.Unsupported {
            byte[] innerJson = JsonWriter.write(inner);
            w.value(Map.of("inner", new String(innerJson, StandardCharsets.UTF_8)));
        }

        @Override
        public Object plain() {
            return Map.of("inner", new String(safe(inner), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theThreadsReusedWriter_startsEveryAnswerEmpty_evenAfterAHugeOneOrARefusal() throws Exception {
        sameAsJackson(Map.of("a", 1));
        sameAsJackson("h".repeat(3 * JsonWriter.KEPT_BYTES)); // grows past what is kept, then gives it up
        sameAsJackson(List.of(1, 2));
        assertThrows(JsonWriter.Unsupported.class, () -> JsonWriter.write(List.of("half", Optional.of(1))));
        sameAsJackson(List.of("after", "a", "refusal"));
        sameAsJackson(new Nested(List.of("x", 1)));
        sameAsJackson(Map.of("b", 2));
    }

    @Test
    void intoAByteBuf_sameBytesAsTheArray() throws Exception {
        for (Object v : List.of(Map.of("services", List.of(Map.of("name", "w1:1", "pid", 12))), "x".repeat(70_000), "")) {
            io.netty.buffer.ByteBuf buf = JsonWriter.write(v, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
            try {
                assertArrayEquals(JACKSON.writeValueAsBytes(v), io.netty.buffer.ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void displayName_writesWatcherColonWid_asTheStringWouldBe() throws Exception {
        for (String watcher : List.of("w1", "", "we\"ird\\n\u00e9\u4e2d", "tab\there")) {
            for (int wid : new int[] {0, 1, 10, 12345, Integer.MAX_VALUE, -1}) {
                byte[] expected = JACKSON.writeValueAsBytes(List.of(watcher + ":" + wid, watcher));
                byte[] actual = JsonWriter.write(new DisplayNameAndWatcher(watcher, wid));
                assertArrayEquals(expected, actual, () -> watcher + " " + wid + ": " + new String(actual, StandardCharsets.UTF_8));
            }
        }
    }

    private record DisplayNameAndWatcher(String watcher, int wid) implements DirectJson {
        @Override
        public void writeTo(JsonWriter w) throws JsonWriter.Unsupported {
            w.put('[');
            w.displayName(watcher, wid);
            w.put(',');
            w.string(watcher);
            w.put(']');
        }

        @Override
        public Object plain() {
            return List.of(watcher + ":" + wid, watcher);
        }
    }
}
