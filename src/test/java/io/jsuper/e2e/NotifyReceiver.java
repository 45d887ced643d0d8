package io.jsuper.e2e;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Plays systemd's side of the notify protocol: a datagram socket (path or {@code @abstract}) that collects messages. */
final class NotifyReceiver implements AutoCloseable {
    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] address, int length);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;

    /** The value for NOTIFY_SOCKET. */
    final String address;
    private final int fd;
    private final List<String> messages = new ArrayList<>();

    NotifyReceiver(String address) {
        this.address = address;
        fd = C.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket() failed");
        }
        byte[] path = address.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        byte[] sockaddr = new byte[110];
        sockaddr[0] = AF_UNIX; // sa_family_t, little endian (x86-64, aarch64)
        System.arraycopy(path, 0, sockaddr, 2, path.length);
        int length = 2 + path.length + (abstractName ? 0 : 1);
        if (C.INSTANCE.bind(fd, sockaddr, length) != 0) {
            C.INSTANCE.close(fd);
            throw new IllegalStateException("bind " + address + " failed, errno " + Native.getLastError());
        }
    }

    /** Everything received so far, in order. */
    synchronized List<String> messages() {
        byte[] buf = new byte[4096];
        for (int i = 0; i < 1000; i++) {
            long n = C.INSTANCE.recv(fd, buf, buf.length, MSG_DONTWAIT);
            if (n <= 0) {
                break;
            }
            messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
        return List.copyOf(messages);
    }

    /** The messages that change the service state (READY, RELOADING, STOPPING), without status refreshes and keep-alives. */
    List<String> stateMessages() {
        return messages().stream().filter(m -> m.startsWith("READY=1") || m.startsWith("RELOADING=1")
                || m.startsWith("STOPPING=1")).toList();
    }

    /** Waits until {@code count} state messages have arrived and returns them. */
    List<String> awaitStateMessages(int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> stateMessages().size() >= count);
        return stateMessages();
    }

    @Override
    public void close() {
        C.INSTANCE.close(fd);
    }
}
