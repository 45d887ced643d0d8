package io.jsuper.jsuperd.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limiting on a manual clock, and escaping of client-supplied text. */
class ClientErrorLogTest {
    long now = 1_000;
    final List<String> lines = new ArrayList<>();
    final ClientErrorLog log = new ClientErrorLog(() -> now, lines::add);

    @Test
    void oneLinePerInterval_thenASummaryWithTheCount() {
        for (int i = 0; i < 1000; i++) {
            log.note("400 for GET /services/%zz");
        }
        assertEquals(List.of("client error: 400 for GET /services/%zz"), lines);
        now += ClientErrorLog.INTERVAL_NANOS;
        log.note("408 request not complete");
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("client errors: 999 more in the last 10 s (one logged per 10 s)", lines.get(1));
        assertEquals("client error: 408 request not complete", lines.get(2));
    }

    @Test
    void clientText_cannotForgeLogLines() {
        log.note("404 for GET /x\r\n12:00:00.000 ERROR forged\u001b[31m\u2028");
        assertEquals("client error: 404 for GET /x\\x0d\\x0a12:00:00.000 ERROR forged\\x1b[31m\\u2028", lines.get(0));
        assertTrue(ClientErrorLog.sanitize("a".repeat(5000)).length() <= ClientErrorLog.MAX_DETAIL_CHARS + 3);
    }
}
