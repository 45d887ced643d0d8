package io.jsuper.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.0 GET / on a fresh loopback connection, for servers of the zero-downtime tests. */
final class HttpGet {
    private HttpGet() {
    }

    /** The body of a 200 answer; throws on anything else. */
    static String body(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.") || !text.substring(9).startsWith("200")) {
                throw new IOException("not 200: " + text);
            }
            return text.substring(text.indexOf("\r\n\r\n") + 4).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body, or "" when the request failed. */
    static String tryBody(int port) {
        try {
            return body(port);
        } catch (UncheckedIOException e) {
            return "";
        }
    }
}
