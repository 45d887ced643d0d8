package io.jsuper.jsuperctl.cmd;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** status --wide columns, and colours only on a terminal without NO_COLOR. */
class WideTableTest {
    private static Map<String, Object> proc(String name, String state, long pid, Long cpu, Long mem, String lastExit) {
        Map<String, Object> p = new HashMap<>();
        p.put("name", name);
        p.put("state", state);
        p.put("pid", pid);
        p.put("uptime_ms", 62_000L);
        p.put("restarts", 2L);
        if (cpu != null) {
            p.put("cpu_usec", cpu);
        }
        if (mem != null) {
            p.put("memory_bytes", mem);
        }
        p.put("last_exit", lastExit);
        return p;
    }

    @Test
    void wide_alignsEveryColumn_dashWhereTheDaemonHasNoFigure() {
        StringWriter s = new StringWriter();
        WideTable.print(new PrintWriter(s, true), List.of(
                proc("web:1", "RUNNING", 1234, 1_234_567L, 5L * 1024 * 1024 + 300_000, null),
                proc("db:1", "FATAL", 0, null, null, "exit 1")), StatusStyle.PLAIN);
        assertEquals(List.of(
                "NAME   STATE    PID   UPTIME   CPU     MEM   RESTARTS  LAST EXIT  CHECKS",
                "web:1  RUNNING  1234  0:01:02  0:01.2  5.3M  2         -          -",
                "db:1   FATAL    -     -        -       -     2         exit 1     -"), s.toString().lines().toList());
    }

    @Test
    void wide_checksColumn_namesTheFailingChecks() {
        Map<String, Object> failing = proc("web:1", "RUNNING", 1234, null, null, null);
        failing.put("probes", List.of(Map.of("role", "readiness", "consecutive_failures", 0L),
                Map.of("role", "liveness", "consecutive_failures", 3L)));
        Map<String, Object> healthy = proc("web:2", "RUNNING", 1235, null, null, null);
        healthy.put("probes", List.of(Map.of("role", "liveness", "consecutive_failures", 0L)));
        assertEquals("liveness 3x", WideTable.row(failing).get(8));
        assertEquals("ok", WideTable.row(healthy).get(8));
    }

    @Test
    void colour_onlyOnATerminal_andNeverWithNoColor() {
        assertTrue(StatusStyle.detect(Map.of(), true).colour());
        assertFalse(StatusStyle.detect(Map.of(), false).colour());
        assertFalse(StatusStyle.detect(Map.of("NO_COLOR", "1"), true).colour());
        assertTrue(StatusStyle.detect(Map.of("NO_COLOR", ""), true).colour(), "no-color.org: set and not empty");
        assertEquals("\u001b[32mRUNNING\u001b[0m   ", new StatusStyle(true).state("RUNNING", 10));
        assertEquals("STOPPED   ", new StatusStyle(true).state("STOPPED", 10));
    }
}
