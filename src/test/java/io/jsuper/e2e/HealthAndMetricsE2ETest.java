package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Health checks against real servers under the built daemon, and {@code GET /metrics} scraped by a real
 * Prometheus (Debian package {@code prometheus}) and checked by {@code promtool check metrics}.
 */
class HealthAndMetricsE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void readinessGatesRunning_andFailingLivenessRestarts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs python3 (Debian python3) for a web server");
        int webPort = DaemonHarness.freePort();
        int deadPort = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, """
                [watcher:web]
                cmd = /bin/sh
                args = -c "sleep 3; exec %s -m http.server %d --bind 127.0.0.1"
                startsecs = 0
                readiness = http http://127.0.0.1:%d/
                readiness.interval = 300ms
                readiness.timeout = 2s
                readiness.http_body = Directory listing
                ready_deadline = 60s

                [watcher:sick]
                cmd = sleep 1000
                startsecs = 30
                liveness = tcp 127.0.0.1:%d
                liveness.interval = 1s
                liveness.failure_threshold = 2
                """.formatted(PYTHON, webPort, webPort, deadPort)).start();
        assertEquals("STARTING", jsuperd.state("web", 1), "startsecs = 0 but not ready yet");
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.state("web", 1).equals("RUNNING"));
        JsonNode probe = jsuperd.process("web", 1).get("probes").get(0);
        assertEquals("readiness", probe.get("role").asText());
        assertTrue(probe.get("passing").asBoolean(), probe.toString());
        assertEquals("ok", probe.get("last_result").asText());
        long checkedAt = probe.get("last_check_at_ms").asLong();
        assertTrue(checkedAt > System.currentTimeMillis() - 60_000 && checkedAt <= System.currentTimeMillis() + 1000,
                probe.toString());
        assertTrue(probe.get("last_check_age_ms").asLong() >= 0, probe.toString());

        // startsecs = 30 keeps the restarted process STARTING, so the reason of the restart stays readable
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.process("sick", 1).get("restarts").asInt() >= 1
                && jsuperd.process("sick", 1).get("reason").asText().contains("liveness"));
        String reason = jsuperd.process("sick", 1).get("reason").asText();
        assertTrue(reason.contains("liveness: connect 127.0.0.1:" + deadPort), reason);
        assertTrue(reason.contains("(2 in a row)"), reason);
        // the failing check is on the plain status line (the fast path), without the API; "1x" lasts one
        // interval per restart, so the interval is 1 s: with 200 ms a loaded machine's jsuperctl missed it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jsuperd.ctl("status", "sick")
                .out().contains("liveness failing 1x: connect 127.0.0.1:" + deadPort + ": "));
    }

    @Test
    void metrics_scrapedByARealPrometheus_andValidByPromtool() throws Exception {
        HostTools.require("prometheus", "prometheus");
        int apiPort = DaemonHarness.freePort();
        int statsdPort = freeUdpPort();
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + apiPort + "\nstatsd = 127.0.0.1:" + statsdPort + "\n", """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                numprocesses = 2
                labels = team=payments,tier=web
                liveness = exec /bin/true
                liveness.interval = 1s
                """).start();
        jsuperd.awaitAll("web", "RUNNING");
        // What an app's StatsD client sends (here from the test, over real UDP on loopback).
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            byte[] line = "orders:3|c|#shop:eu".getBytes(StandardCharsets.UTF_8);
            udp.send(new java.net.DatagramPacket(line, line.length, java.net.InetAddress.getLoopbackAddress(), statsdPort));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metricsText(apiPort).contains(
                "jsuper_app_orders_total{shop=\"eu\"} 3"));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(page.body().contains("jsuper_process_up{watcher=\"web\",process=\"web:1\",team=\"payments\",tier=\"web\"} 1"),
                page.body());
        HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                + "/metrics")).header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(openMetrics.headers().firstValue("content-type").orElse("")
                .startsWith("application/openmetrics-text; version=1.0.0"), openMetrics.headers().toString());
        assertTrue(openMetrics.body().endsWith("# EOF\n"));
        if (HostTools.which("promtool")) {
            Path file = tmp.resolve("metrics.txt");
            Files.writeString(file, page.body());
            HostTools.Result check = HostTools.run(List.of("sh", "-c", "promtool check metrics < " + file));
            assertEquals(0, check.exit(), check.output());
        }

        int promPort = DaemonHarness.freePort();
        Path promDir = Files.createDirectories(tmp.resolve("prometheus"));
        Path promConfig = promDir.resolve("prometheus.yml");
        Files.writeString(promConfig, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: jsuper
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(apiPort));
        Process prom = new ProcessBuilder("prometheus", "--config.file=" + promConfig,
                "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(promDir.resolve("prometheus.log").toFile()).start();
        try {
            awaitPrometheusValue(promPort, "jsuper_process_up{watcher=\"web\",process=\"web:2\"}", "1");
            awaitPrometheusValue(promPort, "jsuper_process_restarts_total{watcher=\"web\",process=\"web:1\"}", "0");
            awaitPrometheusValue(promPort, "jsuper_app_orders_total{shop=\"eu\"}", "3");
            // Prometheus 2.42 asks for OpenMetrics first: this is jsuperd's OpenMetrics, read by the real parser
            awaitPrometheusValue(promPort, "jsuper_probe_passing{watcher=\"web\",process=\"web:1\",probe=\"liveness\","
                    + "team=\"payments\",tier=\"web\"}", "1");
            awaitPrometheusValue(promPort, "jsuper_daemon_config_generation", "1");
        } finally {
            prom.destroy(); // kills the pid we started, nothing matched by name
            if (!prom.waitFor(30, TimeUnit.SECONDS)) {
                prom.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertFalse(prom.isAlive());
    }

    @Test
    void events_streamStateChanges_andResumeFromAnId() throws Exception {
        int apiPort = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + apiPort + "\n", """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                """).start();
        jsuperd.awaitState("web", 1, "RUNNING");
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + "/events?after=0")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("content-type").orElse(""));
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // the history replays the start (after=0): STOPPED > STARTING > RUNNING
            awaitLine(lines, "\"to\":\"RUNNING\"");
            assertEquals(200, jsuperd.post("/services/web/stop").status());
            String stopped = awaitLine(lines, "\"to\":\"STOPPED\"");
            JsonNode event = JSON.readTree(stopped.substring("data: ".length()));
            assertEquals("state", event.get("type").asText());
            assertEquals("web:1", event.get("process").asText());
            assertEquals("STOPPING", event.get("from").asText());
            assertTrue(event.get("id").asLong() > 2, event.toString());
        } finally {
            stream.body().close();
        }
    }

    @Test
    void statsdOverAUnixSocket_labelsTheLinesWithTheSendingProcess() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs python3 (Debian python3) for a sender");
        int apiPort = DaemonHarness.freePort();
        Path sock = tmp.resolve("statsd.sock");
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + apiPort + "\nstatsd_socket = " + sock + "\n", """
                [watcher:shop]
                cmd = %s -c "import socket, sys, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'orders:2|c|#shop:eu', sys.argv[1]); time.sleep(1000)" %s
                startsecs = 0
                """.formatted(PYTHON, sock)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> metricsText(apiPort).contains(
                "jsuper_app_orders_total{process=\"shop:1\",shop=\"eu\",watcher=\"shop\"} 2"));
    }

    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, String needle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ") && line.contains(needle)) {
                return line;
            }
        }
        throw new AssertionError("no event line with " + needle + " within 30 s");
    }

    @Test
    void withHttpToken_healthStaysOpen_metricsAndEventsNeedTheToken() throws Exception {
        int apiPort = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + apiPort + "\nhttp_token = t0ken\n", """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                """).start();
        String base = "http://127.0.0.1:" + apiPort;
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("{\"status\":\"ok\",\"watchers\":1}", health.body());
        for (String path : List.of("/metrics", "/events", "/services")) {
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), path);
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jsuper_api_requests_total{route=\"health\",code=\"200\"}"), metrics.body());
    }

    private void awaitPrometheusValue(int promPort, String selector, String value) {
        String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    JsonNode r = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(query)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    JsonNode result = r.get("data").get("result");
                    return result.size() == 1 && result.get(0).get("value").get(1).asText().equals(value)
                            && result.get(0).get("metric").get("job").asText().equals("jsuper");
                });
    }

    private String metricsText(int apiPort) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freeUdpPort() throws java.io.IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
