package io.jsuper.jsuperd.health;

import com.sun.net.httpserver.HttpServer;
import io.jsuper.jsuperd.config.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Real loopback sockets: tcp connects, http statuses and body substrings, refusals. */
class NetworkProbeRunnerTest {
    private final NetworkProbeRunner runner = new NetworkProbeRunner(2, 16);
    private HttpServer http;

    @AfterEach
    void close() {
        runner.close();
        if (http != null) {
            http.stop(0);
        }
    }

    private static ProbeSpec spec(ProbeSpec.Kind kind, String target, Set<Integer> statuses, String body) {
        return new ProbeSpec(kind, target, Duration.ofSeconds(1), Duration.ofSeconds(5), 3, 1, Duration.ZERO,
                statuses, body);
    }

    private ProbeResult run(ProbeSpec spec) throws Exception {
        return runner.run(spec).get(30, TimeUnit.SECONDS);
    }

    @Test
    void tcp_passesWhenListening_failsWhenRefused() throws Exception {
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertTrue(run(spec(ProbeSpec.Kind.TCP, "127.0.0.1:" + server.getLocalPort(), Set.of(), "")).ok());
            closedPort = server.getLocalPort();
        }
        ProbeResult refused = run(spec(ProbeSpec.Kind.TCP, "127.0.0.1:" + closedPort, Set.of(), ""));
        assertFalse(refused.ok());
        assertTrue(refused.detail().toLowerCase().contains("refused"), refused.detail());
    }

    @Test
    void tcp_timesOut_whenTheListenerDropsTheConnect_andBoundsWhatIsInFlight() throws Exception {
        // a listener that never accepts: once its queue is full the kernel drops further SYNs
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpConnectProber prober = new TcpConnectProber(2, System::nanoTime)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getLocalPort());
            java.util.List<java.util.concurrent.CompletableFuture<ProbeResult>> pending = new java.util.ArrayList<>();
            ProbeResult last = null;
            for (int i = 0; i < 20 && (last == null || last.ok()); i++) {
                last = prober.connect(address, 300).get(30, TimeUnit.SECONDS);
            }
            assertEquals("timed out after 300 ms", last.detail(), "the queue is full: a connect must time out");
            for (int i = 0; i < 2; i++) {
                pending.add(prober.connect(address, 20_000));
            }
            ProbeResult third = prober.connect(address, 20_000).get(30, TimeUnit.SECONDS);
            assertEquals("too many checks in flight", third.detail());
            assertTrue(pending.stream().noneMatch(java.util.concurrent.CompletableFuture::isDone));
        }
    }

    @Test
    void tcp_hostNamesAreResolvedOffTheSelector_andUnknownHostsFail() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertTrue(run(spec(ProbeSpec.Kind.TCP, "localhost:" + server.getLocalPort(), Set.of(), "")).ok());
        }
        ProbeResult unknown = run(spec(ProbeSpec.Kind.TCP, "no-such-host.invalid:80", Set.of(), ""));
        assertFalse(unknown.ok());
        assertEquals("unknown host no-such-host.invalid", unknown.detail());
        assertTrue(NetworkProbeRunner.isIpLiteral("127.0.0.1"));
        assertTrue(NetworkProbeRunner.isIpLiteral("::1"));
        assertFalse(NetworkProbeRunner.isIpLiteral("999.0.0.1"));
        assertFalse(NetworkProbeRunner.isIpLiteral("localhost"));
    }

    @Test
    void tcp_reachesAUnixSocket_andRefusesATargetThatIsNotHostPort(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path path = dir.resolve("s.sock");
        try (java.nio.channels.ServerSocketChannel server =
                     java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(path));
            assertTrue(run(spec(ProbeSpec.Kind.TCP, "unix:" + path, Set.of(), "")).ok());
        }
        assertFalse(run(spec(ProbeSpec.Kind.TCP, "unix:" + path, Set.of(), "")).ok(), "nobody listens any more");
        assertEquals("\"127.0.0.1:abc\" is not HOST:PORT", run(spec(ProbeSpec.Kind.TCP, "127.0.0.1:abc", Set.of(), "")).detail());
    }

    @Test
    void http_statusesAndBody() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/ok", ex -> reply(ex, 200, "all good"));
        http.createContext("/down", ex -> reply(ex, 503, "down"));
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        assertTrue(run(spec(ProbeSpec.Kind.HTTP, base + "/ok", Set.of(), "good")).ok());
        assertEquals("body does not contain \"ready\"",
                run(spec(ProbeSpec.Kind.HTTP, base + "/ok", Set.of(), "ready")).detail());
        assertEquals("status 503", run(spec(ProbeSpec.Kind.HTTP, base + "/down", Set.of(), "")).detail());
        assertTrue(run(spec(ProbeSpec.Kind.HTTP, base + "/down", Set.of(503), "down")).ok());
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
