package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route over a real unix socket against a fake supervisor. */
class ApiServerRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeControl control;
    ApiServer server;
    RawHttp http;

    @BeforeEach
    void start() throws Exception {
        control = new FakeControl();
        server = new ApiServer(ApiSettings.unixOnly(dir.resolve("jsuperd.sock")), control);
        server.start();
        http = RawHttp.unix(server.socketPath());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.stop();
        control.close();
    }

    private JsonNode ok(RawHttp.Response r) throws Exception {
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.header("content-type"));
        return JSON.readTree(r.body());
    }

    private JsonNode error(RawHttp.Response r, ErrorCode code) throws Exception {
        assertEquals(code.httpStatus(), r.status(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals(code.name(), e.get("code").asText());
        assertEquals(code.number(), e.get("number").asInt());
        assertFalse(e.get("message").asText().isEmpty());
        return e;
    }

    @Test
    void listServices_returnsEveryProcessWithAllFields() throws Exception {
        JsonNode list = ok(http.request("GET", "/services")).get("services");
        assertEquals(3, list.size());
        JsonNode web1 = list.get(0);
        assertEquals("web", web1.get("watcher").asText());
        assertEquals(1, web1.get("wid").asInt());
        assertEquals("web:1", web1.get("name").asText());
        assertEquals("RUNNING", web1.get("state").asText());
        assertEquals(1234, web1.get("pid").asInt());
        assertEquals(62_000, web1.get("uptime_ms").asLong());
        assertEquals(1, web1.get("start_count").asInt());
        assertEquals(0, web1.get("restarts").asInt());
        assertTrue(web1.get("last_exit").isNull());
        assertTrue(web1.has("last_spawn_error"));
        assertEquals("Exited too quickly", list.get(1).get("reason").asText());
        assertEquals("status all", control.calls.get(0));
    }

    @Test
    void showService_returnsThatWatchersProcesses() throws Exception {
        JsonNode list = ok(http.request("GET", "/services/db")).get("services");
        assertEquals(1, list.size());
        assertEquals("STOPPED", list.get(0).get("state").asText());
    }

    @Test
    void showService_unknownName_is404BadName() throws Exception {
        JsonNode e = error(http.request("GET", "/services/nope"), ErrorCode.BAD_NAME);
        assertEquals("no such watcher: nope", e.get("message").asText());
    }

    @Test
    void lifecycle_passesNameAndWait_defaultNoWait() throws Exception {
        for (String verb : new String[]{"start", "stop", "restart", "reload"}) {
            ok(http.request("POST", "/services/web/" + verb));
            ok(http.request("POST", "/services/web/" + verb + "?wait=true"));
            assertTrue(control.calls.contains(verb + " web wait=false"), control.calls.toString());
            assertTrue(control.calls.contains(verb + " web wait=true"), control.calls.toString());
        }
    }

    @Test
    void lifecycle_coreErrorBecomesItsHttpStatus() throws Exception {
        control.failNext = new ControlException(ErrorCode.ALREADY_STARTED, "web:1 is already started");
        JsonNode e = error(http.request("POST", "/services/web/start"), ErrorCode.ALREADY_STARTED);
        assertEquals("web:1 is already started", e.get("message").asText());
        control.failNext = new ControlException(ErrorCode.NOT_RUNNING, "db:1 is not running");
        error(http.request("POST", "/services/db/stop"), ErrorCode.NOT_RUNNING);
    }

    @Test
    void lifecycle_badWaitValue_is400() throws Exception {
        error(http.request("POST", "/services/web/start?wait=maybe"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void lifecycle_waitBeyondTimeout_is504() throws Exception {
        control.hang = true;
        error(http.request("POST", "/services/web/start?wait=true&timeout=1"), ErrorCode.TIMEOUT);
        // issue 8 defect 3: the timed-out wait is cancelled in the core, not left behind
        assertEquals(1, control.hanging.size());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> control.hanging.get(0).isCancelled());
    }

    @Test
    void badTimeout_is400() throws Exception {
        error(http.request("POST", "/services/web/start?wait=true&timeout=0"), ErrorCode.BAD_REQUEST);
        error(http.request("POST", "/services/web/start?wait=true&timeout=abc"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void signal_fromBodyOrQuery() throws Exception {
        ok(http.request("POST", "/services/web/signal", "{\"signal\":\"HUP\"}", Map.of()));
        ok(http.request("POST", "/services/web/signal?signal=SIGUSR1", null, Map.of()));
        ok(http.request("POST", "/services/web/signal?signal=15", null, Map.of()));
        assertTrue(control.calls.contains("signal web HUP"));
        assertTrue(control.calls.contains("signal web USR1"));
        assertTrue(control.calls.contains("signal web TERM"));
    }

    @Test
    void signal_badOrMissing_is400NamingTheForm() throws Exception {
        JsonNode e = error(http.request("POST", "/services/web/signal", "{\"signal\":\"NOPE\"}", Map.of()),
                ErrorCode.BAD_REQUEST);
        assertTrue(e.get("message").asText().contains("HUP or SIGHUP"), e.toString());
        error(http.request("POST", "/services/web/signal"), ErrorCode.BAD_REQUEST);
        error(http.request("POST", "/services/web/signal", "[1]", Map.of()), ErrorCode.BAD_REQUEST);
    }

    @Test
    void malformedJsonBody_is400() throws Exception {
        JsonNode e = error(http.request("POST", "/services/web/signal", "{\"signal\":", Map.of()), ErrorCode.BAD_REQUEST);
        assertTrue(e.get("message").asText().startsWith("malformed JSON body"), e.toString());
    }

    @Test
    void reload_appliesConfigAndReportsPlan() throws Exception {
        JsonNode plan = ok(http.request("POST", "/reload"));
        assertFalse(plan.get("dry_run").asBoolean());
        assertEquals("new", plan.get("added").get(0).asText());
        assertEquals("web", plan.get("changed").get(0).asText());
        assertEquals("old", plan.get("removed").get(0).asText());
        assertEquals("db", plan.get("unchanged").get(0).asText());
        assertEquals("reloadConfig dryRun=false", control.calls.get(0));
    }

    @Test
    void reloadPreview_getWithDryRunOnly() throws Exception {
        JsonNode plan = ok(http.request("GET", "/reload?dry_run=true"));
        assertTrue(plan.get("dry_run").asBoolean());
        assertEquals("reloadConfig dryRun=true", control.calls.get(0));
        RawHttp.Response r = http.request("GET", "/reload");
        error(r, ErrorCode.METHOD_NOT_ALLOWED);
        assertEquals("POST", r.header("allow"));
        assertEquals(1, control.calls.size(), "GET without dry_run must not reach the core");
    }

    @Test
    void reload_badConfigIs400() throws Exception {
        control.failNext = new ControlException(ErrorCode.BAD_CONFIG, "jsuperd.ini:3 [watcher:web] cmd: missing");
        error(http.request("POST", "/reload"), ErrorCode.BAD_CONFIG);
    }

    @Test
    void shutdown_acceptedWithoutWaiting() throws Exception {
        RawHttp.Response r = http.request("POST", "/shutdown");
        assertEquals(202, r.status());
        assertEquals("started", JSON.readTree(r.body()).get("shutdown").asText());
        assertEquals("shutdown", control.calls.get(0));
    }

    @Test
    void version_andHealth() throws Exception {
        assertFalse(ok(http.request("GET", "/version")).get("version").asText().isEmpty());
        JsonNode health = ok(http.request("GET", "/health"));
        assertEquals("ok", health.get("status").asText());
        assertEquals(2, health.get("watchers").asInt());
    }

    @Test
    void unknownPath_is404NotFound() throws Exception {
        error(http.request("GET", "/nope"), ErrorCode.NOT_FOUND);
        error(http.request("POST", "/services/web/explode"), ErrorCode.NOT_FOUND);
        error(http.request("GET", "/"), ErrorCode.NOT_FOUND);
    }

    @Test
    void wrongMethod_is405WithAllow() throws Exception {
        RawHttp.Response r = http.request("DELETE", "/services");
        error(r, ErrorCode.METHOD_NOT_ALLOWED);
        assertEquals("GET", r.header("allow"));
        r = http.request("GET", "/services/web/start");
        error(r, ErrorCode.METHOD_NOT_ALLOWED);
        assertEquals("POST", r.header("allow"));
        r = http.request("PUT", "/reload");
        assertEquals("POST, GET", r.header("allow"));
    }

    @Test
    void encodedNameIsDecoded() throws Exception {
        control.set("a b", java.util.List.of(FakeControl.running("a b", 1, 7)));
        assertEquals(7, ok(http.request("GET", "/services/a%20b")).get("services").get(0).get("pid").asInt());
    }

    @Test
    void oversizedBody_is413AndCloses() throws Exception {
        String big = "{\"signal\":\"" + "x".repeat(70 * 1024) + "\"}";
        RawHttp.Response r = http.request("POST", "/services/web/signal", big, Map.of());
        error(r, ErrorCode.TOO_LARGE);
        assertTrue(http.closedByPeer());
    }

    @Test
    void oversizedBody_writtenWholeBeforeReading_stillGetsThe413() throws Exception {
        // 4 MiB does not fit in the socket buffers: a server that closed at once would reset the
        // connection under the writing client, and the 413 would be lost.
        String big = "{\"signal\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";
        RawHttp.Response r = http.request("POST", "/services/web/signal", big, Map.of());
        error(r, ErrorCode.TOO_LARGE);
        assertTrue(http.closedByPeer());
    }

    @Test
    void keepAlive_manyRequestsOnOneConnection() throws Exception {
        for (int i = 0; i < 50; i++) {
            RawHttp.Response r = http.request("GET", "/services");
            assertEquals(200, r.status());
            assertFalse("close".equalsIgnoreCase(r.header("connection")));
        }
        assertEquals(50, control.calls.size());
    }

    @Test
    void pipelinedRequests_answeredInOrder() throws Exception {
        control.set("slow", java.util.List.of(FakeControl.running("slow", 1, 1)));
        http.send("GET", "/services/slow", null, Map.of());
        http.send("GET", "/version", null, Map.of());
        http.send("GET", "/services/nope", null, Map.of());
        assertEquals("slow", JSON.readTree(http.read().body()).get("services").get(0).get("watcher").asText());
        assertTrue(http.read().body().contains("version"));
        assertEquals(404, http.read().status());
    }

    @Test
    void connectionClose_honoured() throws Exception {
        RawHttp.Response r = http.request("GET", "/version", null, Map.of("Connection", "close"));
        assertEquals(200, r.status());
        assertTrue(http.closedByPeer());
    }

    @Test
    void garbageRequest_closesOnlyThatConnection() throws Exception {
        try (RawHttp bad = RawHttp.unix(server.socketPath())) {
            bad.sendRaw("\u0000\u0001garbage\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            RawHttp.Response r = bad.read();
            assertEquals(400, r.status());
            assertTrue(bad.closedByPeer());
        }
        assertEquals(200, http.request("GET", "/version").status());
    }
}
