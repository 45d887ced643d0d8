package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** One line per event in {@code jsuperctl events}. */
class EventPrinterTest {

    @Test
    void logDropped_saysTheStreamAndTheBytes() {
        String line = EventPrinter.human((Map<?, ?>) Json.parse("{\"id\":9,\"time_ms\":0,\"type\":\"log_dropped\","
                + "\"watcher\":\"web\",\"process\":\"web:1\",\"stream\":\"stdout\",\"dropped_bytes\":4096,"
                + "\"total_dropped_bytes\":8192}"));
        assertTrue(line.endsWith("log_dropped web:1  stdout: 4096 bytes of output dropped (8192 in all)"), line);
    }
}
