package io.jsuper.jsuperd.metrics;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.OutputCounters;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The exposition text: names, labels, escaping, counters from the process picture. */
class MetricsPageTest {

    @Test
    void rendersProcessesProbesAndUsage() {
        ProcessInfo p = new ProcessInfo("web", 1, ProcessState.RUNNING, 42, 2500, 3, 2, "exit 1", null, null, 0,
                new OutputCounters(10, 0), new ResourceUsage(1_500_000, 4096),
                List.of(new ProbeStatus("liveness", "connect 127.0.0.1:1", false, "refused", 12, 2, 0, 7)));
        String text = MetricsPage.render(List.of(p), new ApiMetrics(), new DaemonGauges());
        assertTrue(text.contains("# TYPE jsuper_process_restarts_total counter\n"
                + "jsuper_process_restarts_total{watcher=\"web\",process=\"web:1\"} 2\n"), text);
        assertTrue(text.contains("jsuper_process_state{watcher=\"web\",process=\"web:1\",state=\"RUNNING\"} 1\n"), text);
        assertTrue(text.contains("jsuper_process_state{watcher=\"web\",process=\"web:1\",state=\"FATAL\"} 0\n"), text);
        assertTrue(text.contains("jsuper_process_uptime_seconds{watcher=\"web\",process=\"web:1\"} 2.5\n"), text);
        assertTrue(text.contains("jsuper_process_cpu_seconds_total{watcher=\"web\",process=\"web:1\"} 1.5\n"), text);
        assertTrue(text.contains("jsuper_process_memory_bytes{watcher=\"web\",process=\"web:1\"} 4096\n"), text);
        assertTrue(text.contains("jsuper_process_output_dropped_bytes_total{watcher=\"web\",process=\"web:1\",stream=\"stdout\"} 10\n"), text);
        assertTrue(text.contains("jsuper_probe_passing{watcher=\"web\",process=\"web:1\",probe=\"liveness\"} 0\n"), text);
        assertTrue(text.contains("jsuper_probe_consecutive_failures{watcher=\"web\",process=\"web:1\",probe=\"liveness\"} 2\n"), text);
    }

    @Test
    void labelValuesAreEscaped_andRequestSeriesBounded() {
        assertEquals("a\\\"b\\\\c\\nd", PrometheusText.escape("a\"b\\c\nd"));
        ApiMetrics api = new ApiMetrics();
        for (int i = 0; i < ApiMetrics.MAX_REQUEST_SERIES + 50; i++) {
            api.request("r" + i, 200);
        }
        PrometheusText t = new PrometheusText();
        api.writeTo(t);
        long series = t.toString().lines().filter(l -> l.startsWith("jsuper_api_requests_total{")).count();
        assertEquals(ApiMetrics.MAX_REQUEST_SERIES + 1, series);
    }
}
