package io.jsuper.jsuperctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal HTTP/1.1 client for the jsuperd API: one request per connection, over the unix socket
 * (JDK {@link SocketChannel}) or TCP. Only what jsuperd sends is understood (Content-Length bodies).
 */
public final class ApiClient {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final Path socket;
    private final String host;
    private final int port;
    private final String token;
    private int readTimeoutMs = 60_000;

    /** An HTTP answer; {@code body} is the raw JSON text. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * The daemon's error envelope as a one-line failure: an unknown name (BAD_NAME) exits 4, anything else 1.
         */
        public CtlException failure() {
            String code = null;
            String message = "HTTP " + status;
            try {
                Object e = json().get("error");
                if (e instanceof Map) {
                    code = Json.str((Map<?, ?>) e, "code", null);
                    message = Json.str((Map<?, ?>) e, "message", message);
                }
            } catch (IllegalArgumentException notJson) {
                // keep "HTTP <status>": the answer was not ours
            }
            return new CtlException("BAD_NAME".equals(code) ? ExitCodes.UNKNOWN : ExitCodes.FAILED, message, code);
        }

        /** This response, or its {@link #failure()} thrown. */
        public Response orFail() {
            if (!ok()) {
                throw failure();
            }
            return this;
        }

        /** The {@code services} list of a {@code {"services":[…]}} body. */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> services() {
            Object v = json().get("services");
            return v instanceof List ? (List<Map<String, Object>>) v : List.of();
        }

        /** The parsed body as an object (empty map when the body is not a JSON object). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            Object v = body.isEmpty() ? null : Json.parse(body);
            return v instanceof Map ? (Map<String, Object>) v : Map.of();
        }
    }

    private ApiClient(Path socket, String host, int port, String token) {
        this.socket = socket;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    /**
     * Names the JDK's own epoll selector provider, so that the first {@link SocketChannel} does not make
     * {@code ServiceLoader} open every jar of the class path looking for another one (JLine's is large): ~10 ms
     * of a one-shot command's start-up, measured with -Xlog:class+load. Left alone when the class is missing
     * (not Linux, another JDK) or a provider is already chosen; called once, from {@code main} only.
     */
    static void skipSelectorProviderScan() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String epoll = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) != null) {
            return;
        }
        try {
            Class.forName(epoll, false, ClassLoader.getSystemClassLoader());
            System.setProperty(property, epoll);
        } catch (ClassNotFoundException | LinkageError e) {
            // the default look-up then finds the platform's provider, only a little slower
        }
    }

    public static ApiClient unix(Path socket) {
        return new ApiClient(socket, null, 0, null);
    }

    /** @param url {@code http://host:port}; @param token bearer token or null */
    public static ApiClient http(String url, String token) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CtlException(ExitCodes.USAGE, "bad --url " + url + ": " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new CtlException(ExitCodes.USAGE, "bad --url " + url + ": expected http://host:port");
        }
        return new ApiClient(null, uri.getHost(), uri.getPort(), token);
    }

    /** TCP only: how long to wait for an answer (the unix socket relies on the server's own timeouts). */
    public ApiClient readTimeoutMillis(int millis) {
        this.readTimeoutMs = millis;
        return this;
    }

    /** "/run/jsuper/jsuperd.sock" or "http://127.0.0.1:9001". */
    public String target() {
        return socket != null ? socket.toString() : "http://" + host + ":" + port;
    }

    public Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    public Response post(String pathAndQuery, String jsonBody) {
        return send("POST", pathAndQuery, jsonBody);
    }

    /** @throws CtlException exit 4 when the daemon cannot be reached, 1 for a broken answer */
    public Response send(String method, String pathAndQuery, String jsonBody) {
        byte[] request = encode(method, pathAndQuery, jsonBody);
        try {
            return socket != null ? sendUnix(request) : sendTcp(request);
        } catch (CtlException e) {
            throw e;
        } catch (IOException e) {
            throw new CtlException(ExitCodes.FAILED, "error talking to jsuperd at " + target() + ": " + e.getMessage());
        }
    }

    /**
     * Sends a GET and hands back the connection's input for an answer read as it arrives (log follow);
     * no read timeout: a followed log may be quiet for hours. Closing the stream closes the connection.
     */
    public InputStream openStream(String pathAndQuery) throws IOException {
        byte[] request = encode("GET", pathAndQuery, null);
        if (socket == null) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                s.close();
                throw new CtlException(ExitCodes.UNKNOWN, "daemon not reachable at " + target() + " (" + e.getMessage() + ")");
            }
            s.getOutputStream().write(request);
            return s.getInputStream();
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw unreachable(e);
        }
        Channels.newOutputStream(ch).write(request);
        return Channels.newInputStream(ch);
    }

    private Response sendUnix(byte[] request) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (UnsupportedOperationException e) {
            throw new CtlException(ExitCodes.UNKNOWN, "unix sockets unsupported by this JVM");
        }
        try (ch) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw unreachable(e);
            }
            return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), request);
        }
    }

    private CtlException unreachable(IOException e) {
        if (!Files.exists(socket)) {
            return new CtlException(ExitCodes.UNKNOWN, "daemon not running (no socket at " + socket + ")");
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return new CtlException(ExitCodes.UNKNOWN, "daemon not running (connection refused at " + socket + ")");
        }
        if (String.valueOf(e.getMessage()).contains("Permission denied")) {
            return new CtlException(ExitCodes.UNKNOWN, "cannot connect to " + socket + ": permission denied");
        }
        return new CtlException(ExitCodes.UNKNOWN, "cannot connect to " + socket + ": " + e.getMessage());
    }

    private Response sendTcp(byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                throw new CtlException(ExitCodes.UNKNOWN, "daemon not reachable at " + target() + " (" + e.getMessage() + ")");
            }
            s.setSoTimeout(readTimeoutMs);
            try {
                return exchange(s.getInputStream(), s.getOutputStream(), request);
            } catch (SocketTimeoutException e) {
                throw new CtlException(ExitCodes.FAILED, "no answer from " + target() + " within " + readTimeoutMs / 1000 + " s");
            }
        }
    }

    private byte[] encode(String method, String pathAndQuery, String jsonBody) {
        byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(128).append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host == null ? "localhost" : host).append("\r\n")
                .append("Connection: close\r\nAccept: application/json\r\nUser-Agent: jsuperctl\r\n");
        if (token != null) {
            b.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            b.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if ("POST".equals(method)) {
            b.append("Content-Length: 0\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static Response exchange(InputStream in, OutputStream out, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return readResponse(in);
    }

    /** Parses status line, headers and a Content-Length (or read-to-EOF) body. */
    static Response readResponse(InputStream in) throws IOException {
        byte[] raw = readAll(in);
        int headerEnd = indexOf(raw, new byte[]{'\r', '\n', '\r', '\n'});
        if (headerEnd < 0) {
            throw new IOException(raw.length == 0 ? "connection closed without an answer" : "truncated HTTP header");
        }
        String head = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf("\r\n");
        String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        int sp = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || sp < 0 || statusLine.length() < sp + 4) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + statusLine);
        }
        int contentLength = -1;
        int pos = lineEnd < 0 ? head.length() : lineEnd + 2;
        while (pos < head.length()) {
            int end = head.indexOf("\r\n", pos);
            end = end < 0 ? head.length() : end;
            String line = head.substring(pos, end);
            pos = end + 2;
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Integer.parseInt(value);
            } else if (name.equals("transfer-encoding") && !value.equalsIgnoreCase("identity")) {
                throw new IOException("unsupported Transfer-Encoding: " + value);
            }
        }
        int bodyStart = headerEnd + 4;
        int available = raw.length - bodyStart;
        int len = contentLength < 0 ? available : contentLength;
        if (available < len) {
            throw new IOException("truncated body: " + available + " of " + len + " bytes");
        }
        return new Response(status, new String(raw, bodyStart, len, StandardCharsets.UTF_8));
    }

    /** The server closes after answering (we send Connection: close), so read to EOF. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Percent-encodes one path segment (watcher names may hold anything but '/'). */
    public static String segment(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '@' || c == '*') {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
