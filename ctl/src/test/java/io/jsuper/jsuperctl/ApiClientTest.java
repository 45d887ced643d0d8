package io.jsuper.jsuperctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiClientTest {
    @TempDir
    Path dir;

    private static ApiClient.Response parse(String raw) throws IOException {
        return ApiClient.readResponse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsStatusHeadersAndContentLengthBody() throws IOException {
        ApiClient.Response r = parse("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n"
                + "content-length: 7\r\n\r\n{\"a\":1}trailing");
        assertEquals(404, r.status());
        assertEquals("{\"a\":1}", r.body());
        assertFalse(r.ok());
    }

    @Test
    void withoutContentLength_readsToEof() throws IOException {
        assertEquals("{}", parse("HTTP/1.0 200 OK\r\n\r\n{}").body());
    }

    @Test
    void utf8Body() throws IOException {
        byte[] body = "{\"m\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        ApiClient.Response r = parse("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n{\"m\":\"é\"}");
        assertEquals("é", r.json().get("m"));
    }

    @Test
    void rejectsBrokenAnswers() {
        assertThrows(IOException.class, () -> parse(""));
        assertThrows(IOException.class, () -> parse("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"));
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}"));
    }

    @Test
    void failure_mapsBadNameTo4_othersTo1() {
        ApiClient.Response bad = new ApiClient.Response(404,
                "{\"error\":{\"code\":\"BAD_NAME\",\"number\":10,\"message\":\"no such watcher: nope\"}}");
        assertEquals(4, bad.failure().exitCode());
        assertEquals("no such watcher: nope", bad.failure().getMessage());
        ApiClient.Response notRunning = new ApiClient.Response(409,
                "{\"error\":{\"code\":\"NOT_RUNNING\",\"number\":21,\"message\":\"web:1 is not running\"}}");
        assertEquals(1, notRunning.failure().exitCode());
        assertEquals("HTTP 502", new ApiClient.Response(502, "<html>").failure().getMessage());
    }

    @Test
    void segment_percentEncodesAllButSafeCharacters() {
        assertEquals("web:1", ApiClient.segment("web:1"));
        assertEquals("a%20b%2Fc%C3%A9", ApiClient.segment("a b/cé"));
    }

    @Test
    void missingSocket_saysDaemonNotRunning() {
        Path sock = dir.resolve("jsuperd.sock");
        CtlException e = assertThrows(CtlException.class, () -> ApiClient.unix(sock).get("/services"));
        assertEquals(4, e.exitCode());
        assertEquals("daemon not running (no socket at " + sock + ")", e.getMessage());
    }

    @Test
    void staleSocket_saysConnectionRefused() throws IOException {
        Path sock = dir.resolve("jsuperd.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
        }
        CtlException e = assertThrows(CtlException.class, () -> ApiClient.unix(sock).get("/services"));
        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().startsWith("daemon not running (connection refused"), e.getMessage());
    }

    @Test
    void tcpRefused_isUnreachable() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CtlException e = assertThrows(CtlException.class, () -> ApiClient.http("http://127.0.0.1:" + port, null).get("/"));
        assertEquals(4, e.exitCode());
        assertThrows(CtlException.class, () -> ApiClient.http("ftp://x", null));
    }

    @Test
    void sendsWellFormedRequestOverUnixSocket() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    while (!got.toString(StandardCharsets.UTF_8).contains("{\"signal\":\"HUP\"}")) {
                        buf.clear();
                        if (c.read(buf) < 0) {
                            break;
                        }
                        got.write(buf.array(), 0, buf.position());
                    }
                    c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII)));
                    return got.toString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ApiClient.Response r = ApiClient.unix(sock).post("/services/web/signal", "{\"signal\":\"HUP\"}");
            assertEquals(200, r.status());
            String req = seen.get();
            assertTrue(req.startsWith("POST /services/web/signal HTTP/1.1\r\n"), req);
            assertTrue(req.contains("Content-Length: 16\r\n"), req);
            assertTrue(req.contains("Connection: close\r\n"), req);
        }
    }
}
