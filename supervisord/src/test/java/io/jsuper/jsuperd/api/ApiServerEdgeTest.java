package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.config.HttpEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network edge under abuse (issue 9): pipelining clients that never read, connection floods,
 * dripped request heads, half-closed and HTTP/1.0 clients, oversized heads, 100-continue.
 */
class ApiServerEdgeTest {
    @TempDir
    Path dir;
    final FakeControl control = new FakeControl();
    ApiServer server;
    final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
        control.close();
    }

    private static ConnectionLimits limits(int tcpMax, int unixMax, Duration request, Duration write) {
        return new ConnectionLimits(tcpMax, unixMax, request, Duration.ofSeconds(30), write, 0);
    }

    private InetSocketAddress start(ConnectionLimits limits, Optional<String> token) throws Exception {
        server = new ApiServer(new ApiSettings(dir.resolve("s.sock"), Optional.empty(),
                Optional.of(new HttpEndpoint("127.0.0.1", 0)), token, limits), control);
        server.start();
        return server.httpAddress().orElseThrow();
    }

    private SocketChannel connect(InetSocketAddress a) throws IOException {
        SocketChannel ch = SocketChannel.open(a);
        clients.add(ch);
        return ch;
    }

    private static byte[] batch(String request, int count) {
        return request.repeat(count).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pipeliningNonReader_stopsBeingRead_andIsClosedAfterWriteTimeout() throws Exception {
        // Depending on the kernel's buffers the server either fills its outbound buffer (closed by the write
        // timeout) or TCP flow control stalls the client's sending too (closed by the idle timeout).
        InetSocketAddress a = start(new ConnectionLimits(64, 64, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofMillis(500), 0), Optional.empty());
        SocketChannel ch = connect(a);
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.wrap(batch("GET /version HTTP/1.1\r\nHost: x\r\n\r\n", 500));
        long sent = 0;
        boolean closed = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // Keep sending batches of 500 without reading, as the attack did; the server must stop reading
        // (our writes stall) and then close us for leaving the answers unread.
        while (System.nanoTime() < deadline) {
            try {
                int n = ch.write(buf);
                sent += n;
                if (!buf.hasRemaining()) {
                    buf.rewind();
                }
                if (n == 0) {
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                closed = true;
                break;
            }
            if (server.openConnections(Transport.TCP) == 0) {
                closed = true;
                break;
            }
        }
        assertTrue(closed, "the non-reading client was never closed; sent " + sent + " bytes");
        assertTrue(sent < 64L * 1024 * 1024, "server kept reading: " + sent + " bytes accepted");
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            assertEquals(200, http.request("GET", "/services").status());
        }
    }

    @Test
    void slowReaderOfALargeAnswer_isClosedAfterWriteTimeout() throws Exception {
        List<io.jsuper.jsuperd.core.ProcessInfo> many = new ArrayList<>();
        for (int i = 1; i <= 50_000; i++) {
            many.add(FakeControl.running("big", i, 10_000 + i));
        }
        control.set("big", many); // a status answer of about 10 MB, more than the socket buffers hold
        InetSocketAddress a = start(new ConnectionLimits(64, 64, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMillis(500), 0), Optional.empty());
        SocketChannel ch = connect(a);
        ch.write(ByteBuffer.wrap("GET /services HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections(Transport.TCP) == 0);
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            assertEquals(200, http.request("GET", "/version").status());
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder_oneAtATime() throws Exception {
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.tcp(a)) {
            http.sendRaw(("GET /services/web HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /services/db HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(http.read().body().contains("\"web\""));
            assertTrue(http.read().body().contains("\"version\""));
            assertTrue(http.read().body().contains("\"db\""));
        }
    }

    @Test
    void tooManyPipelinedBehindASlowOne_closesTheConnection() throws Exception {
        control.hang = true;
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        SocketChannel ch = connect(a);
        // short requests in one small write: one read decodes them all while the first one hangs
        ch.write(ByteBuffer.wrap(batch("GET /services HTTP/1.1\r\n\r\n", ApiHandler.MAX_WAITING + 2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections(Transport.TCP) == 0);
    }

    @Test
    void tcpConnectionCap_refusesWith503_unixStillServed() throws Exception {
        InetSocketAddress a = start(limits(3, 64, Duration.ofSeconds(10), Duration.ofSeconds(10)), Optional.empty());
        for (int i = 0; i < 3; i++) {
            connect(a);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections(Transport.TCP) == 3);
        try (RawHttp refused = RawHttp.tcp(a)) {
            RawHttp.Response r = refused.request("GET", "/version");
            assertEquals(503, r.status());
            assertTrue(r.body().contains("\"OVERLOADED\""), r.body());
            assertTrue(refused.closedByPeer());
        }
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            assertEquals(200, http.request("GET", "/services").status());
        }
        clients.remove(0).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections(Transport.TCP) == 2);
        try (RawHttp http = RawHttp.tcp(a)) {
            assertEquals(200, http.request("GET", "/version").status());
        }
    }

    @Test
    void tcpCommandsInFlight_areBounded_unixIsNot() throws Exception {
        control.hang = true;
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        for (int i = 0; i < InflightLimit.TCP_MAX; i++) {
            connect(a).write(ByteBuffer.wrap("GET /services HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> control.calls.size() == InflightLimit.TCP_MAX);
        try (RawHttp http = RawHttp.tcp(a)) {
            RawHttp.Response r = http.request("GET", "/services");
            assertEquals(503, r.status(), r.body());
            assertTrue(r.body().contains("\"OVERLOADED\""), r.body());
            assertEquals("1", r.header("retry-after"));
        }
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            http.send("GET", "/services", null, Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> control.calls.size() == InflightLimit.TCP_MAX + 1);
        }
    }

    @Test
    void unixConnectionCap_isCountedApartFromTcp() throws Exception {
        InetSocketAddress a = start(limits(64, 2, Duration.ofSeconds(10), Duration.ofSeconds(10)), Optional.empty());
        RawHttp one = RawHttp.unix(server.socketPath());
        RawHttp two = RawHttp.unix(server.socketPath());
        clients.add(one);
        clients.add(two);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections(Transport.UNIX) == 2);
        try (RawHttp third = RawHttp.unix(server.socketPath())) {
            assertEquals(503, third.request("GET", "/version").status());
        }
        try (RawHttp tcp = RawHttp.tcp(a)) {
            assertEquals(200, tcp.request("GET", "/version").status());
        }
        assertEquals(200, one.request("GET", "/version").status());
    }

    @Test
    void drippedHead_getsA408AtTheDeadline_althoughEveryByteArrivesInTime() throws Exception {
        start(limits(64, 64, Duration.ofMillis(800), Duration.ofSeconds(10)), Optional.empty());
        for (boolean tcp : new boolean[] {true, false}) {
            try (RawHttp http = tcp ? RawHttp.tcp(server.httpAddress().orElseThrow()) : RawHttp.unix(server.socketPath())) {
                byte[] head = "GET /services HTTP/1.1\r\nHost: x\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);
                http.sendRaw(head);
                long start = System.nanoTime();
                boolean answered = false;
                // one byte every 100 ms: each is well within any idle timeout, the whole head never completes
                for (int i = 0; i < 100 && !answered; i++) {
                    try {
                        http.sendRaw(new byte[] {'a'});
                    } catch (IOException e) {
                        answered = true;
                    }
                    await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                    answered |= System.nanoTime() - start > Duration.ofSeconds(3).toNanos();
                }
                RawHttp.Response r = http.read();
                assertEquals(408, r.status(), r.body());
                assertTrue(r.body().contains("\"REQUEST_TIMEOUT\""), r.body());
                assertTrue(http.closedByPeer());
            }
        }
    }

    @Test
    void halfClosedClient_stillGetsItsAnswers() throws Exception {
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        SocketChannel ch = connect(a);
        ch.write(ByteBuffer.wrap(batch("GET /version HTTP/1.1\r\nHost: x\r\n\r\n", 2)));
        ch.shutdownOutput();
        String text = readAll(ch);
        assertEquals(2, text.split("HTTP/1.1 200", -1).length - 1, text);
    }

    @Test
    void http10_withoutKeepAlive_isAnsweredAndClosed_withKeepAliveStaysOpen() throws Exception {
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        SocketChannel ch = connect(a);
        ch.write(ByteBuffer.wrap("GET /version HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(readAll(ch).startsWith("HTTP/1.1 200"));
        try (RawHttp http = RawHttp.tcp(a)) {
            http.sendRaw("GET /version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, http.read().status());
            http.sendRaw("GET /version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, http.read().status());
        }
    }

    @Test
    void expectContinue_getsA100ThenTheAnswer() throws Exception {
        start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            http.sendRaw(("POST /services/web/signal HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 16\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(100, http.read().status());
            http.sendRaw("{\"signal\":\"HUP\"}".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, http.read().status());
        }
    }

    @Test
    void hugeOrManyHeaders_are400AndClosed() throws Exception {
        start(ConnectionLimits.defaults(), Optional.empty());
        for (String headers : List.of("X-Big: " + "a".repeat(20_000) + "\r\n", "X-A: b\r\n".repeat(3000))) {
            try (RawHttp http = RawHttp.unix(server.socketPath())) {
                http.sendRaw(("GET /services HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
                RawHttp.Response r = http.read();
                assertEquals(400, r.status());
                assertTrue(r.body().contains("\"BAD_REQUEST\""), r.body());
                assertTrue(http.closedByPeer());
            }
        }
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            http.sendRaw(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, http.read().status());
        }
    }

    @Test
    void smuggling_conflictingLengths_isRefused() throws Exception {
        start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            http.sendRaw(("POST /services/web/start HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n"
                    + "{}{}").getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, http.read().status());
            assertTrue(http.closedByPeer());
        }
        assertTrue(control.calls.stream().noneMatch(c -> c.startsWith("start")), control.calls.toString());
    }

    @Test
    void chunkedBody_isAggregatedAndBounded() throws Exception {
        start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            http.sendRaw(("POST /services/web/signal HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n{\"signal\r\n8\r\n\":\"HUP\"}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, http.read().status());
        }
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            String chunk = Integer.toHexString(8000) + "\r\n" + " ".repeat(8000) + "\r\n";
            http.sendRaw(("POST /services/web/signal HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk.repeat(9)).getBytes(StandardCharsets.US_ASCII));
            assertEquals(413, http.read().status());
        }
    }

    @Test
    void malformedEscapes_are400WithTheEnvelope_neverA500() throws Exception {
        start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            for (String target : List.of("/services/%zz", "/services/%", "/services/a%2", "/services?x=%zz",
                    "/services/web/start?wait=%", "/%zz/%zz")) {
                String method = target.contains("start") ? "POST" : "GET";
                RawHttp.Response r = http.request(method, target);
                assertEquals(400, r.status(), target + " -> " + r.body());
                assertTrue(r.body().contains("\"code\":\"BAD_REQUEST\""), r.body());
                assertTrue(r.body().contains("percent-escape"), r.body());
            }
        }
    }

    @Test
    void reloadPreview_overTcp_needsTheToken() throws Exception {
        InetSocketAddress a = start(ConnectionLimits.defaults(), Optional.empty());
        try (RawHttp http = RawHttp.tcp(a)) {
            RawHttp.Response r = http.request("GET", "/reload?dry_run=true");
            assertEquals(403, r.status(), r.body());
            assertTrue(r.body().contains("operator action"), r.body());
            assertEquals(200, http.request("GET", "/services").status());
        }
        assertTrue(control.calls.stream().noneMatch(c -> c.startsWith("reload")), control.calls.toString());
        server.stop();
        a = start(ConnectionLimits.defaults(), Optional.of("s3cret"));
        try (RawHttp http = RawHttp.tcp(a)) {
            assertEquals(401, http.request("GET", "/reload?dry_run=true").status());
            assertEquals(200, http.request("GET", "/reload?dry_run=true", null,
                    Map.of("Authorization", "Bearer s3cret")).status());
        }
        try (RawHttp http = RawHttp.unix(server.socketPath())) {
            assertEquals(200, http.request("GET", "/reload?dry_run=true").status());
        }
    }

    private static String readAll(SocketChannel ch) throws IOException {
        ch.configureBlocking(true);
        ch.socket().setSoTimeout(10_000);
        byte[] all = ch.socket().getInputStream().readAllBytes();
        return new String(all, StandardCharsets.UTF_8);
    }
}
