package io.jsuper.jsuperd.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Sends each message as one AF_UNIX datagram to the {@code NOTIFY_SOCKET} address, on a fresh socket
 * per message as sd_notify(3) does (messages are rare; nothing to keep open across a fork).
 */
public final class UnixDatagramSender implements NotifySender {
    private static final Logger log = LoggerFactory.getLogger(UnixDatagramSender.class);

    private final UnixDatagramAddress address;
    private final String display;
    private boolean warned;

    /** Fails with a message naming the value when {@code notifySocket} is not a usable address. */
    public UnixDatagramSender(String notifySocket) {
        this.address = UnixDatagramAddress.parse(notifySocket);
        this.display = notifySocket;
    }

    @Override
    public synchronized boolean send(String message) {
        DatagramLibC c = DatagramLibC.INSTANCE;
        int fd = c.socket(DatagramLibC.AF_UNIX, DatagramLibC.SOCK_DGRAM | DatagramLibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return failed("socket", message);
        }
        try {
            byte[] payload = message.getBytes(StandardCharsets.UTF_8);
            // DONTWAIT: a full receive queue (systemd stuck) must never block the supervisor loop.
            long sent = c.sendto(fd, payload, payload.length, DatagramLibC.MSG_NOSIGNAL | DatagramLibC.MSG_DONTWAIT,
                    address.bytes(), address.length());
            return sent == payload.length || failed("sendto", message);
        } finally {
            c.close(fd);
        }
    }

    /** Logs the first failure only: a vanished notify socket would otherwise log every watchdog tick. */
    private boolean failed(String call, String message) {
        if (!warned) {
            warned = true;
            log.warn("cannot send {} to NOTIFY_SOCKET={} ({} failed, errno {}); further failures are not logged",
                    message.lines().findFirst().orElse(""), display, call, com.sun.jna.Native.getLastError());
        }
        return false;
    }
}
