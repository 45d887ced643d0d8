package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import io.jsuper.e2e.DaemonHarness.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP API itself: curl on the unix socket, TCP with and without a token, and every error answer. */
class HttpApiE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WATCHERS = """
            [watcher:web]
            cmd = sleep 1000
            startsecs = 0

            [watcher:idle]
            cmd = sleep 1000
            startsecs = 0
            autostart = false

            [watcher:ghost]
            cmd = /nonexistent/ghost
            autostart = false
            max_retry = 0
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private DaemonHarness start(String daemonLines) throws Exception {
        jsuperd = new DaemonHarness(tmp, daemonLines, WATCHERS).start();
        jsuperd.awaitState("web", 1, "RUNNING");
        return jsuperd;
    }

    private static void assertError(int status, String code, int number, String message, Response r) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        JsonNode e = r.body().get("error");
        assertNotNull(e, String.valueOf(r.body()));
        assertEquals(code, e.get("code").asText(), r.body().toString());
        assertEquals(number, e.get("number").asInt(), r.body().toString());
        assertEquals(message, e.get("message").asText(), r.body().toString());
    }

    // ---- curl on the unix socket

    private record Curl(int status, String body) {
    }

    private Curl curl(String... args) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed: skipping the curl checks");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-w", "\n%{http_code}",
                "--unix-socket", jsuperd.socket.toString()));
        cmd.addAll(List.of(args));
        Ctl r = DaemonHarness.run(cmd, null, Map.of());
        assertEquals(0, r.exit(), r.toString());
        int nl = r.out().lastIndexOf('\n');
        return new Curl(Integer.parseInt(r.out().substring(nl + 1).trim()), r.out().substring(0, nl));
    }

    @Test
    void curlOnTheUnixSocket_readsAndChanges() throws Exception {
        start("");
        Curl list = curl("http://localhost/services");
        assertEquals(200, list.status(), list.body());
        JsonNode services = JSON.readTree(list.body()).get("services");
        assertEquals(3, services.size(), list.body());
        assertEquals("web:1", services.get(0).get("name").asText());
        assertEquals(jsuperd.pidOf("web", 1), services.get(0).get("pid").asLong());

        Curl one = curl("http://ignored.example/services/web");
        assertEquals(200, one.status(), "host part ignored: " + one.body());
        assertEquals(1, JSON.readTree(one.body()).get("services").size());

        Curl startIdle = curl("-XPOST", "http://localhost/services/idle/start?wait=true");
        assertEquals(200, startIdle.status(), startIdle.body());
        assertEquals("RUNNING", JSON.readTree(startIdle.body()).get("services").get(0).get("state").asText());
        assertEquals("RUNNING", jsuperd.state("idle", 1));

        Curl sig = curl("-XPOST", "-d", "{\"signal\":\"USR1\"}", "http://localhost/services/web/signal");
        assertEquals(200, sig.status(), sig.body());

        Curl nope = curl("http://localhost/services/nope");
        assertEquals(404, nope.status());
        assertEquals("{\"error\":{\"code\":\"BAD_NAME\",\"number\":10,\"message\":\"no such watcher: nope\"}}",
                nope.body());

        Curl version = curl("http://localhost/version");
        assertEquals(200, version.status());
        assertEquals(jsuperd.get("/version"), JSON.readTree(version.body()));
        Curl health = curl("http://localhost/health");
        assertEquals("{\"status\":\"ok\",\"watchers\":3}", health.body());
    }

    // ---- TCP

    private HttpResponse<String> tcp(int port, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Response asResponse(HttpResponse<String> r) throws IOException {
        return new Response(r.statusCode(), r.body().isBlank() ? null : JSON.readTree(r.body()));
    }

    @Test
    void tcpWithoutToken_isReadOnly() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\n");
        HttpResponse<String> list = tcp(port, "GET", "/services", null);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(3, JSON.readTree(list.body()).get("services").size());
        assertEquals(200, tcp(port, "GET", "/services/web", null).statusCode());
        // a preview re-reads every config file: an operator action, refused without a token (issue 9, item 4)
        assertError(403, "FORBIDDEN", 61,
                "GET /reload is an operator action: over TCP it needs http_token in [jsuperd]",
                asResponse(tcp(port, "GET", "/reload?dry_run=true", null)));

        for (String path : List.of("/services/idle/start", "/services/web/stop", "/services/web/restart",
                "/services/web/reload", "/reload", "/shutdown")) {
            assertError(403, "FORBIDDEN", 61, "mutations over TCP need http_token in [jsuperd]",
                    asResponse(tcp(port, "POST", path, null)));
        }
        assertEquals("STOPPED", jsuperd.state("idle", 1), "nothing started");
        assertEquals("RUNNING", jsuperd.state("web", 1), "nothing stopped");
        assertTrue(jsuperd.process().isAlive(), "not shut down");

        // jsuperctl --url: read-only commands work, the others fail with one line.
        String url = "http://127.0.0.1:" + port;
        Ctl status = DaemonHarness.runCtl(List.of("--url", url, "status", "web"), null, Map.of());
        assertEquals(0, status.exit(), status.toString());
        Ctl startIdle = DaemonHarness.runCtl(List.of("--url", url, "start", "idle"), null, Map.of());
        assertEquals(1, startIdle.exit(), startIdle.toString());
        assertEquals(List.of("jsuperctl: mutations over TCP need http_token in [jsuperd]"), startIdle.errLines());
    }

    @Test
    void tcpWithToken_needsTheBearerToken_forEverything() throws Exception {
        int port = DaemonHarness.freePort();
        String token = "s3cret-token";
        start("http = 127.0.0.1:" + port + "\nhttp_token = " + token + "\n");

        HttpResponse<String> none = tcp(port, "GET", "/services", null);
        assertError(401, "UNAUTHORIZED", 60, "missing or wrong bearer token", asResponse(none));
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), none.headers().toString());
        assertEquals(401, tcp(port, "GET", "/services", "wrong").statusCode());
        assertEquals(401, tcp(port, "POST", "/services/idle/start", null).statusCode());
        assertEquals(401, tcp(port, "POST", "/services/idle/start", "wrong").statusCode());
        assertEquals("STOPPED", jsuperd.state("idle", 1));

        HttpResponse<String> get = tcp(port, "GET", "/services/web", token);
        assertEquals(200, get.statusCode(), get.body());
        HttpResponse<String> post = tcp(port, "POST", "/services/idle/start?wait=true", token);
        assertEquals(200, post.statusCode(), post.body());
        assertEquals("RUNNING", jsuperd.state("idle", 1));

        // The unix socket needs no token.
        assertEquals(200, jsuperd.request("GET", "/services", null).status());

        String url = "http://127.0.0.1:" + port;
        Ctl bad = DaemonHarness.runCtl(List.of("--url", url, "--token", "wrong", "status"), null, Map.of());
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals(List.of("jsuperctl: missing or wrong bearer token"), bad.errLines());
        Ctl good = DaemonHarness.runCtl(List.of("--url", url, "--token", token, "stop", "idle"), null, Map.of());
        assertEquals(0, good.exit(), good.toString());
        assertEquals("idle:1: stopped\n", good.out());
        Ctl fromEnv = DaemonHarness.runCtl(List.of("--url", url, "start", "idle"), null, Map.of("JSUPER_TOKEN", token));
        assertEquals(0, fromEnv.exit(), fromEnv.toString());
    }

    @Test
    void httpTokenFile_mustBeOwnerOnly_andThenGuardsTcp() throws Exception {
        int port = DaemonHarness.freePort();
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "  from-a-file\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + port + "\nhttp_token_file = " + tokenFile + "\n", WATCHERS);
        Process refused = jsuperd.startRaw(tmp.resolve("refused.log"));
        assertTrue(refused.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("refused.log"));
        assertNotEquals(0, refused.exitValue(), out);
        assertTrue(out.contains("http_token_file " + tokenFile + " is readable by group or others (rw-r--r--); chmod 600 it"),
                out);
        assertFalse(Files.exists(jsuperd.socket));

        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        jsuperd.start();
        assertEquals(401, tcp(port, "GET", "/services", null).statusCode());
        assertEquals(200, tcp(port, "GET", "/services", "from-a-file").statusCode(), "surrounding whitespace ignored");
        assertEquals(200, tcp(port, "POST", "/services/idle/start?wait=true", "from-a-file").statusCode());
        assertEquals("RUNNING", jsuperd.state("idle", 1));
    }

    @Test
    void shutdownOverTheSocket_isAccepted_withA202() throws Exception {
        start("");
        List<Long> children = Processes.descendantsOf(jsuperd.pid());
        children.forEach(jsuperd::remember);
        Response r = jsuperd.post("/shutdown");
        assertEquals(202, r.status(), String.valueOf(r.body()));
        assertEquals("started", r.body().get("shutdown").asText());
        assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, jsuperd.process().exitValue(), jsuperd.daemonLogText());
        for (long pid : children) {
            assertFalse(Processes.isAlive(pid), "process " + pid + " outlived jsuperd");
        }
    }

    // ---- errors

    @Test
    void errors_haveTheDocumentedStatusCodeAndMessage() throws Exception {
        start("");
        assertError(404, "BAD_NAME", 10, "no such watcher: nope", jsuperd.request("GET", "/services/nope", null));
        assertError(404, "BAD_NAME", 10, "no such watcher: nope", jsuperd.post("/services/nope/start"));
        assertError(409, "ALREADY_STARTED", 20, "web is already started", jsuperd.post("/services/web/start"));
        assertError(409, "NOT_RUNNING", 21, "idle is not running", jsuperd.post("/services/idle/stop"));
        assertError(409, "NOT_RUNNING", 21, "idle is not running",
                jsuperd.request("POST", "/services/idle/signal", "{\"signal\":\"HUP\"}"));
        assertError(400, "BAD_REQUEST", 50, "request body must be a JSON object",
                jsuperd.request("POST", "/services/web/signal", "[1,2]"));
        Response malformed = jsuperd.request("POST", "/services/web/signal", "{\"signal\":");
        assertEquals(400, malformed.status());
        assertEquals("BAD_REQUEST", malformed.body().get("error").get("code").asText());
        assertTrue(malformed.body().get("error").get("message").asText().startsWith("malformed JSON body: "),
                malformed.body().toString());
        assertError(400, "BAD_REQUEST", 50, "bad signal 'BOGUS': use a name like HUP or SIGHUP, or a number like 1",
                jsuperd.post("/services/web/signal?signal=BOGUS"));
        assertError(413, "TOO_LARGE", 72, "request body larger than 65536 bytes",
                jsuperd.request("POST", "/services/web/signal", "{\"signal\":\"" + "x".repeat(70_000) + "\"}"));
        assertError(404, "NOT_FOUND", 70, "no such endpoint: /nope", jsuperd.request("GET", "/nope", null));
        assertError(405, "METHOD_NOT_ALLOWED", 71, "DELETE not allowed on /services (allowed: GET)",
                jsuperd.request("DELETE", "/services", null));
        assertError(405, "METHOD_NOT_ALLOWED", 71, "GET /reload only previews: add ?dry_run=true, or use POST /reload to apply",
                jsuperd.request("GET", "/reload", null));

        // The web process is untouched by all of the above, and the daemon still answers.
        assertEquals("RUNNING", jsuperd.state("web", 1));
    }

    @Test
    void getShutdown_isRefused_andNeverShutsDown() throws Exception {
        start("");
        long pid = jsuperd.pidOf("web", 1);
        assertError(405, "METHOD_NOT_ALLOWED", 71, "GET not allowed on /shutdown (allowed: POST)",
                jsuperd.request("GET", "/shutdown", null));
        assertTrue(jsuperd.process().isAlive());
        assertEquals(pid, jsuperd.pidOf("web", 1));
        assertEquals("ok", jsuperd.get("/health").get("status").asText());
    }

    @Test
    void startWithWait_ofACommandThatCannotRun_namesFatalAndTheSpawnError() throws Exception {
        start("");
        Response r = jsuperd.post("/services/ghost/start?wait=true");
        assertEquals(500, r.status(), String.valueOf(r.body()));
        assertEquals("SPAWN_ERROR", r.body().get("error").get("code").asText());
        assertEquals(30, r.body().get("error").get("number").asInt());
        String message = r.body().get("error").get("message").asText();
        assertTrue(message.startsWith("ghost:1 is FATAL: "), message);
        assertTrue(message.endsWith("spawn failed: cmd /nonexistent/ghost: No such file or directory"), message);
        assertEquals("FATAL", jsuperd.state("ghost", 1));
        assertEquals("cmd /nonexistent/ghost: No such file or directory",
                jsuperd.process("ghost", 1).get("last_spawn_error").asText());
    }
}
