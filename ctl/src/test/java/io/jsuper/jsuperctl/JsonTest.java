package io.jsuper.jsuperctl;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesEveryKind() {
        Object v = Json.parse(" {\"a\": [1, -2.5, true, false, null, \"x\"], \"b\": {}, \"c\": [] , \"d\":1e3} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(1L, -2.5, true, false, null, "x"), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertEquals(1000.0, m.get("d"));
    }

    @Test
    void keepsKeyOrder() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\n\t\r\b\f\u00e9\u20ac", Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u00e9\\u20AC\""));
        assertEquals("héllo €", Json.parse("\"héllo €\""));
    }

    @Test
    void rejectsMalformed() {
        for (String bad : new String[]{"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "tru", "\"abc", "{a:1}",
                "1 2", "\"\\x\"", "\"\\u12\"", "-", "\"a\nb\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad JSON at offset"), e.getMessage());
        }
    }

    @Test
    void writesAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"\\\n\u0001é");
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of(1L, "two", Map.of()));
        String text = Json.write(m);
        assertEquals("{\"s\":\"q\\\"\\\\\\n\\u0001é\",\"n\":42,\"d\":1.5,\"b\":true,\"z\":null,\"l\":[1,\"two\",{}]}", text);
        assertEquals(m, Json.parse(text));
    }

    @Test
    void typedHelpers() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"pid\":12,\"name\":\"web:1\",\"reason\":null}");
        assertEquals(12, Json.num(m, "pid", 0));
        assertEquals(0, Json.num(m, "nope", 0));
        assertEquals("web:1", Json.str(m, "name", null));
        assertNull(Json.str(m, "reason", null));
    }
}
