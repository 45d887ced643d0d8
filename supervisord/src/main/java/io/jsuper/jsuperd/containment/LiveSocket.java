package io.jsuper.jsuperd.containment;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Whether a daemon listens on a control socket: the one sign that its processes are not leftovers. */
final class LiveSocket {
    private LiveSocket() {
    }

    static boolean isListening(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // absent, stale (connection refused), or not a socket: nobody listens
        }
    }
}
