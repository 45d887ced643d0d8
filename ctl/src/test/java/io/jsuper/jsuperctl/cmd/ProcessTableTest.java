package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProcessTableTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> p(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @Test
    void alignsColumnsAndDescribesEachState() {
        StringWriter s = new StringWriter();
        ProcessTable.print(new PrintWriter(s, true), List.of(
                p("{\"name\":\"web:1\",\"state\":\"RUNNING\",\"pid\":1234,\"uptime_ms\":62000}"),
                p("{\"name\":\"web:12\",\"state\":\"FATAL\",\"pid\":0,\"reason\":\"Exited too quickly (process log may have details)\"}"),
                p("{\"name\":\"db:1\",\"state\":\"STOPPED\",\"pid\":0,\"start_count\":0}"),
                p("{\"name\":\"q:1\",\"state\":\"EXITED\",\"pid\":0,\"start_count\":1,\"last_exit\":\"exit 1\"}"),
                p("{\"name\":\"x:1\",\"state\":\"STARTING\",\"pid\":0}")));
        assertEquals(String.join(System.lineSeparator(),
                "web:1    RUNNING   pid 1234, uptime 0:01:02",
                "web:12   FATAL     Exited too quickly (process log may have details)",
                "db:1     STOPPED   Not started",
                "q:1      EXITED    exit 1",
                "x:1      STARTING", ""), s.toString());
    }

    @Test
    void runningProcess_showsCgroupCpuAndMemory_whenTheDaemonReportsThem() {
        assertEquals("pid 7, uptime 0:00:01, cpu 1.25s, mem 12.5MiB", ProcessTable.describe(
                p("{\"state\":\"RUNNING\",\"pid\":7,\"uptime_ms\":1000,\"cpu_usec\":1250000,\"memory_bytes\":13107200}")));
        assertEquals("pid 7, uptime 0:00:01, cpu 0.04s", ProcessTable.describe(
                p("{\"state\":\"RUNNING\",\"pid\":7,\"uptime_ms\":1000,\"cpu_usec\":40000}")));
    }

    /** What String.format("%.1f") printed before it was replaced (it cost ~10 ms of start-up). */
    @Test
    void oneDecimal_roundsLikeFormat() {
        assertEquals("12.5", ProcessTable.oneDecimal(12.5));
        assertEquals("1.0", ProcessTable.oneDecimal(0.96));
        assertEquals("0.0", ProcessTable.oneDecimal(0.04));
        assertEquals("1023.9", ProcessTable.oneDecimal(1023.94));
        assertEquals("3.1", ProcessTable.oneDecimal(3.05));
    }

    @Test
    void uptimeFormat() {
        assertEquals("0:00:00", ProcessTable.uptime(0));
        assertEquals("1:02:03", ProcessTable.uptime(3_723_000));
        assertEquals("1 day, 0:00:01", ProcessTable.uptime(86_401_000));
        assertEquals("3 days, 23:59:59", ProcessTable.uptime(3 * 86_400_000L + 86_399_000));
    }

    @Test
    void backoffFallsBackToSpawnError() {
        assertEquals("spawn error: ENOENT", ProcessTable.describe(
                p("{\"state\":\"BACKOFF\",\"last_spawn_error\":\"spawn error: ENOENT\"}")));
    }

    @Test
    void droppedOutputIsShown_onlyWhenSomethingWasDropped() {
        StringWriter s = new StringWriter();
        ProcessTable.print(new PrintWriter(s, true), List.of(
                p("{\"name\":\"a:1\",\"state\":\"RUNNING\",\"pid\":7,\"uptime_ms\":0,"
                        + "\"output\":{\"stdout_dropped_bytes\":4096,\"stderr_dropped_bytes\":12}}"),
                p("{\"name\":\"b:1\",\"state\":\"RUNNING\",\"pid\":8,\"uptime_ms\":0,"
                        + "\"output\":{\"stdout_dropped_bytes\":0,\"stderr_dropped_bytes\":0}}")));
        assertEquals(String.join(System.lineSeparator(),
                "a:1   RUNNING   pid 7, uptime 0:00:00, dropped output: stdout 4096 bytes, stderr 12 bytes",
                "b:1   RUNNING   pid 8, uptime 0:00:00", ""), s.toString());
    }

    @Test
    void release_isShownForLiveProcesses_only() {
        StringWriter s = new StringWriter();
        ProcessTable.print(new PrintWriter(s, true), List.of(
                p("{\"name\":\"web:1\",\"state\":\"RUNNING\",\"pid\":7,\"uptime_ms\":0,\"release\":\"/srv/r/0.3\"}"),
                p("{\"name\":\"web:1\",\"state\":\"STOPPING\",\"pid\":6,\"release\":\"/srv/r/0.2\"}"),
                p("{\"name\":\"web:2\",\"state\":\"EXITED\",\"pid\":0,\"last_exit\":\"exit 1\",\"release\":\"/srv/r/0.2\"}")));
        assertEquals(String.join(System.lineSeparator(),
                "web:1   RUNNING   pid 7, uptime 0:00:00, release /srv/r/0.3",
                "web:1   STOPPING  pid 6, release /srv/r/0.2",
                "web:2   EXITED    exit 1", ""), s.toString());
    }

    @Test
    void failingCheck_isShownOnTheStatusLine_whileTheProcessRuns() {
        String probes = ",\"probes\":[{\"role\":\"readiness\",\"check\":\"connect 127.0.0.1:8000\","
                + "\"consecutive_failures\":0,\"last_result\":\"ok\"},{\"role\":\"liveness\","
                + "\"check\":\"GET http://127.0.0.1:8000/ping\",\"consecutive_failures\":3,"
                + "\"last_result\":\"timed out after 2000 ms\"}]}";
        StringWriter s = new StringWriter();
        ProcessTable.print(new PrintWriter(s, true), List.of(
                p("{\"name\":\"web:1\",\"state\":\"RUNNING\",\"pid\":7,\"uptime_ms\":0" + probes),
                p("{\"name\":\"web:2\",\"state\":\"EXITED\",\"pid\":0,\"last_exit\":\"exit 1\"" + probes)));
        assertEquals(String.join(System.lineSeparator(),
                "web:1   RUNNING   pid 7, uptime 0:00:00, liveness failing 3x: GET http://127.0.0.1:8000/ping: "
                        + "timed out after 2000 ms",
                "web:2   EXITED    exit 1", ""), s.toString(), "a gone child's checks are not news");
    }

    @Test
    void failingCheck_resultIsCutToOneShortLine() {
        String longResult = "x".repeat(500) + "\\nsecond line";
        String d = FailingChecks.describe(p("{\"state\":\"STARTING\",\"probes\":[{\"role\":\"readiness\","
                + "\"check\":\"exec /bin/check\",\"consecutive_failures\":1,\"last_result\":\"" + longResult + "\"}]}"));
        assertTrue(d.startsWith("readiness failing 1x: exec /bin/check: xxx"), d);
        assertTrue(d.endsWith("..."), d);
        assertFalse(d.contains("\n"), d);
    }
}
