package io.jsuper.jsuperd.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A deliberately dumb HTTP/1.1 test client over one connection (unix or TCP), so tests see raw bytes. */
final class RawHttp implements AutoCloseable {
    private final AutoCloseable conn;
    private final InputStream in;
    private final OutputStream out;

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp(AutoCloseable conn, InputStream in, OutputStream out) {
        this.conn = conn;
        this.in = in;
        this.out = out;
    }

    static RawHttp unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawHttp(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    static RawHttp tcp(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(10_000);
        return new RawHttp(s, s.getInputStream(), s.getOutputStream());
    }

    Response request(String method, String target) throws IOException {
        return request(method, target, null, Map.of());
    }

    Response request(String method, String target, String body, Map<String, String> headers) throws IOException {
        send(method, target, body, headers);
        return read();
    }

    void send(String method, String target, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            sb.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(len);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (read returns EOF). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        conn.close();
    }
}
