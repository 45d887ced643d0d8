package io.jsuper.jsuperd.notify;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real datagrams over real AF_UNIX sockets, path and abstract, received with the same libc calls. */
class UnixDatagramSenderTest {
    private int receiver = -1;

    @AfterEach
    void closeReceiver() {
        if (receiver >= 0) {
            DatagramLibC.INSTANCE.close(receiver);
        }
    }

    @Test
    void sendsToAPathSocket(@TempDir Path dir) {
        String address = dir.resolve("notify.sock").toString();
        bind(address);
        assertTrue(new UnixDatagramSender(address).send("READY=1\nSTATUS=ok"));
        assertEquals("READY=1\nSTATUS=ok", receive());
    }

    @Test
    void sendsToAnAbstractSocket() {
        String address = "@jsuper-test-" + UUID.randomUUID();
        bind(address);
        assertTrue(new UnixDatagramSender(address).send("WATCHDOG=1"));
        assertEquals("WATCHDOG=1", receive());
    }

    @Test
    void aMissingSocket_isAFailedSend_notAnException(@TempDir Path dir) {
        assertFalse(new UnixDatagramSender(dir.resolve("gone.sock").toString()).send("READY=1"));
    }

    @Test
    void unusableAddresses_areRefusedWithTheValueNamed() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class, () -> UnixDatagramAddress.parse("run/x"));
        assertTrue(relative.getMessage().contains("NOTIFY_SOCKET=run/x"), relative.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> UnixDatagramAddress.parse("/" + "x".repeat(120)));
        assertTrue(tooLong.getMessage().contains("108 bytes"), tooLong.getMessage());
        assertEquals(2 + 5, UnixDatagramAddress.parse("@abcd").length(), "abstract: family + NUL + name, no terminator");
        assertEquals(2 + 5, UnixDatagramAddress.parse("/abc").length(), "path: family + path + NUL");
    }

    private void bind(String address) {
        DatagramLibC c = DatagramLibC.INSTANCE;
        receiver = c.socket(DatagramLibC.AF_UNIX, DatagramLibC.SOCK_DGRAM | DatagramLibC.SOCK_CLOEXEC, 0);
        assertTrue(receiver >= 0, "socket()");
        UnixDatagramAddress a = UnixDatagramAddress.parse(address);
        assertEquals(0, c.bind(receiver, a.bytes(), a.length()), "bind " + address);
    }

    private String receive() {
        AtomicReference<String> got = new AtomicReference<>();
        byte[] buf = new byte[4096];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            long n = DatagramLibC.INSTANCE.recv(receiver, buf, buf.length, DatagramLibC.MSG_DONTWAIT);
            if (n > 0) {
                got.set(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            }
            return got.get() != null;
        });
        return got.get();
    }
}
