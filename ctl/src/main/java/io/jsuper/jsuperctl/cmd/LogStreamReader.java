package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code follow=true} answer: the HTTP head, then chunked text copied to the output as it arrives.
 * An error answer (JSON, Content-Length) becomes the usual one-line failure. The stream ending for any
 * reason but Ctrl-C (the daemon shut down, the connection broke) is exit 1 with a message saying so.
 */
final class LogStreamReader {
    private static final int MAX_HEAD = 16 * 1024;

    private LogStreamReader() {
    }

    static int follow(ApiClient client, String pathAndQuery, OutputStream out) {
        return follow(client, pathAndQuery, out, in -> { });
    }

    /** As above; {@code opened} gets the connection's stream, which another thread may close to end the follow. */
    static int follow(ApiClient client, String pathAndQuery, OutputStream out, java.util.function.Consumer<InputStream> opened) {
        return follow(client, pathAndQuery, out, opened, () -> { });
    }

    /** As above; {@code streaming} runs once the daemon answered 200 with a stream (it now delivers what happens). */
    static int follow(ApiClient client, String pathAndQuery, OutputStream out, java.util.function.Consumer<InputStream> opened,
                      Runnable streaming) {
        try (InputStream in = client.openStream(pathAndQuery)) {
            opened.accept(in);
            String head = readHead(in);
            int status = status(head);
            if (status != 200) {
                byte[] body = in.readNBytes(64 * 1024);
                throw new ApiClient.Response(status, new String(body, StandardCharsets.UTF_8)).failure();
            }
            if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                throw new CtlException(ExitCodes.FAILED, "jsuperd answered a follow without a stream: " + firstLine(head));
            }
            streaming.run();
            copyChunks(in, out);
            throw new CtlException(ExitCodes.FAILED, "the log stream ended: jsuperd closed it");
        } catch (IOException e) {
            throw new CtlException(ExitCodes.FAILED, "the log stream ended: " + e.getMessage()
                    + " (jsuperd shut down or the connection broke)");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed without an answer");
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
            if (b.size() > MAX_HEAD) {
                throw new IOException("HTTP head too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(String head) {
        int nl = head.indexOf("\r\n");
        return nl < 0 ? head : head.substring(0, nl);
    }

    private static int status(String head) throws IOException {
        String line = firstLine(head);
        int sp = line.indexOf(' ');
        try {
            return Integer.parseInt(line.substring(sp + 1, sp + 4));
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP answer: " + line);
        }
    }

    /** Copies chunk data until the last (empty) chunk or EOF. */
    private static void copyChunks(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return;
            }
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                return;
            }
            while (size > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, size));
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
                size -= n;
            }
            out.flush();
            readLine(in); // the CRLF after the data
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(16);
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                return sb.toString().trim();
            }
            if (sb.length() > 1024) {
                throw new IOException("bad chunk header");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString().trim();
    }
}
