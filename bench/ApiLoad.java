import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Keep-alive load on one connection: `java bench/ApiLoad.java SOCKET PATH SECONDS` over a unix socket, or
 * `java bench/ApiLoad.java tcp:HOST:PORT PATH SECONDS` over TCP.
 * Sends GET PATH back to back (one request in flight) and prints requests per second.
 * Parses Content-Length, so it works against any HTTP/1.1 server that sends it.
 */
public class ApiLoad {
    public static void main(String[] args) throws Exception {
        String socket = args[0];
        String path = args[1];
        double seconds = Double.parseDouble(args[2]);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean tcp = socket.startsWith("tcp:");
        try (SocketChannel ch = tcp ? SocketChannel.open() : SocketChannel.open(StandardProtocolFamily.UNIX)) {
            if (tcp) {
                int colon = socket.lastIndexOf(':');
                ch.connect(new InetSocketAddress(socket.substring(4, colon), Integer.parseInt(socket.substring(colon + 1))));
                ch.socket().setTcpNoDelay(true);
            } else {
                ch.connect(UnixDomainSocketAddress.of(socket));
            }
            ByteBuffer in = ByteBuffer.allocate(1 << 20);
            // warm-up
            run(ch, request, in, 0.5);
            long n = run(ch, request, in, seconds);
            System.out.printf("%.0f%n", n / seconds);
        }
    }

    private static long run(SocketChannel ch, byte[] request, ByteBuffer in, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            ch.write(ByteBuffer.wrap(request));
            readResponse(ch, in);
            n++;
        }
        return n;
    }

    private static void readResponse(SocketChannel ch, ByteBuffer in) throws Exception {
        in.clear();
        int headerEnd = -1;
        int contentLength = 0;
        while (true) {
            if (ch.read(in) < 0) {
                throw new IllegalStateException("connection closed");
            }
            if (headerEnd < 0) {
                String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                headerEnd = s.indexOf("\r\n\r\n");
                if (headerEnd >= 0) {
                    int i = s.toLowerCase().indexOf("content-length:");
                    contentLength = Integer.parseInt(s.substring(i + 15, s.indexOf("\r\n", i)).trim());
                }
            }
            if (headerEnd >= 0 && in.position() >= headerEnd + 4 + contentLength) {
                return;
            }
        }
    }
}
