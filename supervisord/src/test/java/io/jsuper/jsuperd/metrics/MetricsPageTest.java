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
    void releaseInfo_labelsEachProcessWithItsRelease_absentWithoutOne() {
        ProcessInfo deployed = new ProcessInfo("web", 1, ProcessState.RUNNING, 42, 0, 1, 0, null, null, null, 0,
                OutputCounters.NONE, ResourceUsage.UNKNOWN, List.of(), "/srv/app/releases/0.3");
        ProcessInfo plain = new ProcessInfo("db", 1, ProcessState.RUNNING, 43, 0, 1, 0, null, null, null, 0);
        String text = MetricsPage.render(List.of(deployed, plain), new ApiMetrics(), new DaemonGauges());
        assertTrue(text.contains("# TYPE jsuper_process_release_info gauge\n"
                + "jsuper_process_release_info{watcher=\"web\",process=\"web:1\",release=\"/srv/app/releases/0.3\"} 1\n"), text);
        assertTrue(!text.contains("jsuper_process_release_info{watcher=\"db\""), text);
    }

    @Test
    void probeLastCheckTimestamp_fromItsAge_absentBeforeTheFirstCheck() {
        ProcessInfo p = new ProcessInfo("web", 1, ProcessState.RUNNING, 42, 2500, 3, 2, "exit 1", null, null, 0,
                OutputCounters.NONE, ResourceUsage.UNKNOWN,
                List.of(new ProbeStatus("liveness", "connect 127.0.0.1:1", false, "refused", 12, 2, 0, 7, 0, 1_500),
                        new ProbeStatus("readiness", "connect 127.0.0.1:1", false, null, 0, 0, 0, 0)));
        String text = new MetricsPage(List.of(p), java.util.Map.of(), x -> java.util.Optional.empty(), () -> 1_700_000_010_000L)
                .render(new Monitoring(new ApiMetrics(), null, new StatsdAggregator(1), new DaemonStats()),
                        new DaemonGauges(), new PrometheusText()).toString();
        assertTrue(text.contains("# TYPE jsuper_probe_last_check_timestamp_seconds gauge\n"
                + "jsuper_probe_last_check_timestamp_seconds{watcher=\"web\",process=\"web:1\",probe=\"liveness\"} "
                + "1.7000000085E9\n") || text.contains("probe=\"liveness\"} 1700000008.5\n"), text);
        assertFalse(text.contains("jsuper_probe_last_check_timestamp_seconds{watcher=\"web\",process=\"web:1\",probe=\"readiness\"}"), text);
    }

    @Test
    void cgroupPeakAndTasks_presentOnlyWhereKnown() {
        ProcessInfo known = new ProcessInfo("web", 1, ProcessState.RUNNING, 42, 0, 1, 0, null, null, null, 0,
                OutputCounters.NONE, new ResourceUsage(1, 4096, 8192, 3), List.of());
        ProcessInfo unknown = new ProcessInfo("web", 2, ProcessState.RUNNING, 43, 0, 1, 0, null, null, null, 0,
                OutputCounters.NONE, new ResourceUsage(1, -1), List.of());
        String text = MetricsPage.render(List.of(known, unknown), new ApiMetrics(), new DaemonGauges());
        assertTrue(text.contains("# TYPE jsuper_process_memory_peak_bytes gauge\n"
                + "jsuper_process_memory_peak_bytes{watcher=\"web\",process=\"web:1\"} 8192\n"), text);
        assertTrue(text.contains("# TYPE jsuper_process_tasks gauge\n"
                + "jsuper_process_tasks{watcher=\"web\",process=\"web:1\"} 3\n"), text);
        assertFalse(text.contains("jsuper_process_tasks{watcher=\"web\",process=\"web:2\"}"),
                "unknown is absent, never -1 or 0: " + text);
        assertFalse(text.contains("jsuper_process_memory_peak_bytes{watcher=\"web\",process=\"web:2\"}"), text);
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

    private static ProcessInfo web(int wid, String lastExit) {
        return new ProcessInfo("web", wid, ProcessState.RUNNING, 4242, 1000, 1, 0, lastExit, null, null, 0,
                new OutputCounters(0, 5, 1200, 300), ResourceUsage.UNKNOWN, List.of());
    }

    private static String page(boolean openMetrics, Monitoring m) {
        PrometheusText t = new PrometheusText(openMetrics, 1024);
        return new MetricsPage(List.of(web(1, "exit 3"), web(2, "SIGKILL")),
                java.util.Map.of("web", new java.util.TreeMap<>(java.util.Map.of("team", "payments", "tier", "web"))),
                p -> java.util.Optional.of(new ProcSampler.Sample(1.25, 8192, 3, 9)))
                .render(m, new DaemonGauges(), t).toString();
    }

    @Test
    void staticLabels_procReadings_outputBytes_andLastExit() {
        String text = page(false, Monitoring.fresh());
        String labels = "watcher=\"web\",process=\"web:1\",team=\"payments\",tier=\"web\"";
        assertTrue(text.contains("jsuper_process_up{" + labels + "} 1\n"), text);
        assertTrue(text.contains("jsuper_process_open_fds{" + labels + "} 9\n"), text);
        assertTrue(text.contains("jsuper_process_threads{" + labels + "} 3\n"), text);
        assertTrue(text.contains("jsuper_process_resident_memory_bytes{" + labels + "} 8192\n"), text);
        assertTrue(text.contains("jsuper_process_main_cpu_seconds_total{" + labels + "} 1.25\n"), text);
        assertTrue(text.contains("jsuper_process_output_bytes_total{" + labels + ",stream=\"stdout\"} 1200\n"), text);
        assertTrue(text.contains("jsuper_process_output_dropped_bytes_total{" + labels + ",stream=\"stderr\"} 5\n"), text);
        assertTrue(text.contains("jsuper_process_last_exit_code{" + labels + "} 3\n"), text);
        assertTrue(text.contains("jsuper_process_last_exit_signal{watcher=\"web\",process=\"web:2\",team=\"payments\",tier=\"web\"} 9\n"), text);
        assertTrue(text.contains("jsuper_process_state{" + labels + ",state=\"RUNNING\"} 1\n"), text);
        assertFalse(text.contains("# EOF"));
    }

    @Test
    void daemonHistogramsAndReloads() {
        Monitoring m = Monitoring.fresh();
        m.daemon().spawned(3_000_000); // 3 ms
        m.daemon().reloaded(true, 2000);
        m.daemon().reloaded(false, 3000);
        m.daemon().loopLag(500_000);
        m.api().request("status", 200, 20_000_000);
        String text = page(false, m);
        assertTrue(text.contains("# TYPE jsuper_daemon_spawn_duration_seconds histogram\n"), text);
        assertTrue(text.contains("jsuper_daemon_spawn_duration_seconds_bucket{le=\"0.0025\"} 0\n"), text);
        assertTrue(text.contains("jsuper_daemon_spawn_duration_seconds_bucket{le=\"0.005\"} 1\n"), text);
        assertTrue(text.contains("jsuper_daemon_spawn_duration_seconds_bucket{le=\"+Inf\"} 1\n"), text);
        assertTrue(text.contains("jsuper_daemon_spawn_duration_seconds_count 1\n"), text);
        assertTrue(text.contains("jsuper_api_request_duration_seconds_bucket{route=\"status\",le=\"0.025\"} 1\n"), text);
        assertTrue(text.contains("jsuper_daemon_reloads_total{result=\"ok\"} 1\n"), text);
        assertTrue(text.contains("jsuper_daemon_reloads_total{result=\"failed\"} 1\n"), text);
        assertTrue(text.contains("jsuper_daemon_last_reload_success 0\n"), text);
        assertTrue(text.contains("jsuper_daemon_config_generation 2\n"), text);
        assertTrue(text.contains("jsuper_daemon_loop_lag_seconds 5.0E-4\n"), text);
    }

    @Test
    void openMetrics_namesCounterFamiliesWithoutTotal_andEndsWithEof() {
        Monitoring m = Monitoring.fresh();
        m.statsd().accept("x:1|c\nx:2|g");
        String text = page(true, m);
        assertTrue(text.contains("# TYPE jsuper_process_restarts counter\njsuper_process_restarts_total{"), text);
        assertTrue(text.endsWith("# EOF\n"), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("# TYPE jsuper_app_x ")).count(),
                "a gauge and a counter named x are one family in OpenMetrics: two would break the scrape");
        assertTrue(PrometheusText.wantsOpenMetrics("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"));
        assertFalse(PrometheusText.wantsOpenMetrics("*/*"));
    }

    @Test
    void procSampler_readsItsOwnProcess() {
        ProcSampler.Sample s = new ProcSampler(java.nio.file.Path.of("/proc"))
                .sample((int) ProcessHandle.current().pid()).orElseThrow();
        assertTrue(s.threads() > 1, s.toString());
        assertTrue(s.fds() > 2, s.toString());
        assertTrue(s.residentBytes() > 1_000_000, s.toString());
        assertTrue(new ProcSampler(java.nio.file.Path.of("/proc")).sample(0).isEmpty());
    }

    @Test
    void procSampler_parsesStatFields_afterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (we ird) (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 7 0 123 10000 321 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        byte[] bytes = stat.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(new long[] {250, 50, 7, 321}, ProcSampler.statFields(bytes, bytes.length));
        assertNull(ProcSampler.statFields(bytes, 40), "cut short: not a stat text");
        assertNull(ProcSampler.statFields("no parenthesis".getBytes(), 14));
    }

    @Test
    void numbers_areWrittenExactly_withoutDoubleToStringForMilliseconds() {
        assertEquals("1.234", PrometheusText.format(1.234));
        assertEquals("1.5", PrometheusText.format(1.5));
        assertEquals("0.05", PrometheusText.format(0.05));
        assertEquals("-0.005", PrometheusText.format(-0.005));
        assertEquals("3", PrometheusText.format(3.0));
        assertEquals("1.0E-7", PrometheusText.format(1e-7));
        assertEquals("0.1234", PrometheusText.format(0.1234));
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        for (long m = -2000; m <= 2000; m += 7) {
            assertEquals(m / 1000.0, Double.parseDouble(PrometheusText.format(m / 1000.0)), "exact for " + m);
        }
    }

    @Test
    void pageBytes_areUtf8_andReuseTheBufferOfTheLastPage() {
        byte[] kept = new byte[64];
        PrometheusText t = new PrometheusText(true, kept);
        t.family("jsuper_app_x_total", "counter", "Größe \\ and\nmore");
        t.sample("jsuper_app_x_total", 12, "shop", "zürich \"1\"");
        t.sample("jsuper_app_x_total", -3, "shop", "b");
        String page = new String(t.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("# HELP jsuper_app_x Größe \\\\ and\\nmore\n# TYPE jsuper_app_x counter\n"
                + "jsuper_app_x_total{shop=\"zürich \\\"1\\\"\"} 12\njsuper_app_x_total{shop=\"b\"} -3\n# EOF\n", page);
        assertEquals(page, t.toString());
        assertNotSame(kept, t.buffer(), "grew past 64 bytes: a new buffer to keep");
        PrometheusText next = new PrometheusText(false, t.buffer());
        next.sample("a", 1);
        assertEquals("a 1\n", next.toString());
    }
}
