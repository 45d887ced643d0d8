package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.HttpEndpoint;
import io.jsuper.jsuperd.core.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP authentication rules on 127.0.0.1 with an ephemeral port; the unix socket needs no token. */
class ApiServerSecurityTest {
    @TempDir
    Path dir;
    final FakeControl control = new FakeControl();
    ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        control.close();
    }

    private InetSocketAddress start(Optional<String> token) throws Exception {
        server = new ApiServer(new ApiSettings(dir.resolve("s.sock"), Optional.empty(),
                Optional.of(new HttpEndpoint("127.0.0.1", 0)), token), control);
        server.start();
        InetSocketAddress a = server.httpAddress().orElseThrow();
        assertTrue(a.getPort() > 0);
        return a;
    }

    @Test
    void withToken_everyTcpRequestNeedsIt() throws Exception {
        InetSocketAddress a = start(Optional.of("s3cret"));
        try (RawHttp http = RawHttp.tcp(a)) {
            RawHttp.Response r = http.request("GET", "/services");
            assertEquals(401, r.status());
            assertTrue(r.body().contains("\"UNAUTHORIZED\""));
            assertTrue(r.header("www-authenticate").startsWith("Bearer"));
            assertEquals(401, http.request("GET", "/version", null, Map.of("Authorization", "Bearer wrong")).status());
            assertEquals(401, http.request("GET", "/version", null, Map.of("Authorization", "Basic s3cret")).status());
            assertEquals(401, http.request("GET", "/nope", null, Map.of()).status(), "no route hints before auth");
            assertEquals(200, http.request("GET", "/services", null, Map.of("Authorization", "Bearer s3cret")).status());
            assertEquals(200, http.request("POST", "/services/web/start", null,
                    Map.of("Authorization", "bearer s3cret")).status());
        }
        assertEquals(1, control.calls.stream().filter(c -> c.startsWith("start")).count());
    }

    @Test
    void withToken_oneKeepAliveConnection_wrongTokenAfterRightOneIsStillRefused() throws Exception {
        InetSocketAddress a = start(Optional.of("s3cret"));
        try (RawHttp http = RawHttp.tcp(a)) {
            Map<String, String> right = Map.of("Authorization", "Bearer s3cret");
            assertEquals(200, http.request("GET", "/services", null, right).status());
            assertEquals(200, http.request("GET", "/services", null, right).status());
            assertEquals(401, http.request("GET", "/services", null, Map.of("Authorization", "Bearer s3cre")).status());
            assertEquals(401, http.request("GET", "/services").status());
            assertEquals(401, http.request("POST", "/services/web/start", null,
                    Map.of("Authorization", "Bearer s3cretX")).status());
            assertEquals(200, http.request("GET", "/services", null, right).status());
        }
        assertEquals(0, control.calls.stream().filter(c -> c.startsWith("start")).count());
    }

    @Test
    void withoutToken_tcpIsReadOnly() throws Exception {
        InetSocketAddress a = start(Optional.empty());
        try (RawHttp http = RawHttp.tcp(a)) {
            assertEquals(200, http.request("GET", "/services").status());
            RawHttp.Response r = http.request("POST", "/services/web/stop");
            assertEquals(ErrorCode.FORBIDDEN.httpStatus(), r.status());
            assertTrue(r.body().contains("mutations over TCP need http_token in [jsuperd]"), r.body());
            assertEquals(403, http.request("POST", "/shutdown").status());
            assertEquals(404, http.request("POST", "/nope").status());
        }
        assertTrue(control.calls.stream().noneMatch(c -> c.startsWith("stop") || c.equals("shutdown")));
    }

    @Test
    void unixSocket_needsNoTokenEvenWhenConfigured() throws Exception {
        start(Optional.of("s3cret"));
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            assertEquals(200, http.request("POST", "/services/web/start").status());
        }
    }

    @Test
    void tcpPortInUse_failsAndLeavesNoSocket() throws Exception {
        InetSocketAddress a = start(Optional.empty());
        ApiServer second = new ApiServer(new ApiSettings(dir.resolve("other.sock"), Optional.empty(),
                Optional.of(new HttpEndpoint("127.0.0.1", a.getPort())), Optional.empty()), control);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, second::start);
        assertTrue(e.getMessage().startsWith("cannot listen on http 127.0.0.1:" + a.getPort()), e.getMessage());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("other.sock")));
    }
}
