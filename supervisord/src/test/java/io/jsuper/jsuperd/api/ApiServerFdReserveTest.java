package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.config.HttpEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The descriptor reserve on the real Netty listeners, with a budget whose open count the test sets: below
 * the reserve a TCP connection is refused and the listener stops accepting (connections wait in the backlog
 * instead of each taking a descriptor) until descriptors are back; the unix socket goes on meanwhile.
 */
class ApiServerFdReserveTest {
    private static final int RESERVE = 64;
    @TempDir
    Path dir;
    final FakeControl control = new FakeControl();
    volatile long openNow = 100;
    volatile long limit = 1000;
    /** The budget's clock: the test moves it past the estimate's refresh when it changes the open count. */
    volatile long now;
    ApiServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        control.close();
    }

    private InetSocketAddress start() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(64, 64, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), RESERVE);
        server = new ApiServer(new ApiSettings(dir.resolve("s.sock"), Optional.empty(),
                Optional.of(new HttpEndpoint("127.0.0.1", 0)), Optional.empty(), limits), control,
                io.jsuper.jsuperd.metrics.Monitoring.fresh(), new FdBudget(() -> now, () -> limit, () -> openNow));
        server.start();
        return server.httpAddress().orElseThrow();
    }

    /** Something else opened or closed descriptors: the next accept scans. */
    private void descriptorsOpen(long n) {
        openNow = n;
        now += FdBudget.REFRESH_NANOS;
    }

    @Test
    void belowTheReserve_tcpIsRefused_andAcceptingPauses_untilDescriptorsAreBack() throws Exception {
        InetSocketAddress a = start();
        descriptorsOpen(limit - RESERVE + 10); // 54 free: below the TCP reserve, above the unix socket's quarter
        try (RawHttp refused = RawHttp.tcp(a)) {
            RawHttp.Response r = refused.read();
            assertEquals(503, r.status());
            assertTrue(r.body().contains("too few free file descriptors"), r.body());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptingPaused(Transport.TCP));
        try (RawHttp waiting = RawHttp.tcp(a); RawHttp operator = RawHttp.unix(server.socketPath())) {
            waiting.send("GET", "/version", null, Map.of());
            // The kernel completed the handshake, but the daemon does not take the connection while paused.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.openConnections(Transport.TCP) == 0 && server.acceptingPaused(Transport.TCP));
            assertEquals(200, operator.request("GET", "/services").status(), "the unix socket is still served");
            assertFalse(server.acceptingPaused(Transport.UNIX));

            descriptorsOpen(100);
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.acceptingPaused(Transport.TCP));
            assertEquals(200, waiting.read().status(), "the connection that waited in the backlog is served");
        }
    }

    @Test
    void theUnixSocket_pausesOnlyBelowAQuarterOfTheReserve() throws Exception {
        start();
        descriptorsOpen(limit - RESERVE / 4 + 1);
        try (RawHttp refused = RawHttp.unix(server.socketPath())) {
            assertEquals(503, refused.read().status());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptingPaused(Transport.UNIX));
        descriptorsOpen(limit - RESERVE / 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.acceptingPaused(Transport.UNIX));
        try (RawHttp operator = RawHttp.unix(server.socketPath())) {
            assertEquals(200, operator.request("GET", "/services").status());
        }
    }
}
