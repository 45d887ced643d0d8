package io.jsuper.jsuperd.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Unix datagrams with the sender's credentials from the kernel (the children's NOTIFY_SOCKET, StatsD). */
class PeerDatagramSocketTest {
    @TempDir
    Path dir;

    @Test
    void receivesTheMessageWithTheSendersPidFromTheKernel() {
        List<PeerDatagramSocket.Datagram> got = new CopyOnWriteArrayList<>();
        try (PeerDatagramSocket socket = PeerDatagramSocket.bind(PeerDatagramSocket.randomAbstractAddress(),
                PeerDatagramSocket.NOTIFY_MAX_MESSAGE)) {
            assertTrue(socket.address().startsWith("@jsuperd/notify/"));
            socket.start("test-notify", got::add);
            assertTrue(new UnixDatagramSender(socket.address()).send("READY=1\nSTATUS=serving\nnonsense"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        }
        PeerDatagramSocket.Datagram m = got.get(0);
        int self = (int) ProcessHandle.current().pid();
        assertEquals(self, m.pid());
        assertEquals(self, m.lineage().get(0));
        assertTrue(m.lineage().size() >= 2, "process group and parents follow: " + m.lineage());
        var fields = NotifyFields.parse(m.data());
        assertEquals("1", fields.get("READY"));
        assertEquals("serving", fields.get("STATUS"));
        assertEquals(2, fields.size(), "a line without = is skipped");
    }

    @Test
    void tooLongMessage_isDropped_andTheNextOneArrives() {
        List<PeerDatagramSocket.Datagram> got = new CopyOnWriteArrayList<>();
        try (PeerDatagramSocket socket = PeerDatagramSocket.bind(PeerDatagramSocket.randomAbstractAddress(),
                PeerDatagramSocket.NOTIFY_MAX_MESSAGE)) {
            socket.start("test-notify", got::add);
            UnixDatagramSender sender = new UnixDatagramSender(socket.address());
            assertTrue(sender.send("STATUS=" + "x".repeat(PeerDatagramSocket.NOTIFY_MAX_MESSAGE)));
            assertTrue(sender.send("READY=1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        }
        assertEquals(1, got.size());
        assertEquals("READY=1", got.get(0).text());
    }

    @Test
    void pathSocket_isWritableByEveryone_replacesAStaleSocket_refusesAFile_andIsRemovedOnClose() throws Exception {
        Path path = dir.resolve("statsd.sock");
        PeerDatagramSocket first = PeerDatagramSocket.bind(path.toString(), PeerDatagramSocket.MAX_DATAGRAM);
        assertEquals("rw-rw-rw-", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(path)));
        List<PeerDatagramSocket.Datagram> got = new CopyOnWriteArrayList<>();
        // a second bind finds the first one's file: a socket, so it is replaced (as after a crash)
        try (PeerDatagramSocket second = PeerDatagramSocket.bind(path.toString(), PeerDatagramSocket.MAX_DATAGRAM)) {
            second.start("test-statsd", got::add);
            assertTrue(new UnixDatagramSender(path.toString()).send("orders:1|c"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        }
        first.close();
        assertFalse(Files.exists(path));
        Path file = Files.writeString(dir.resolve("file.sock"), "not a socket");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PeerDatagramSocket.bind(file.toString(), PeerDatagramSocket.MAX_DATAGRAM));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("not a socket", Files.readString(file));
    }

    @Test
    void close_endsTheThread() {
        PeerDatagramSocket socket = PeerDatagramSocket.bind(PeerDatagramSocket.randomAbstractAddress(),
                PeerDatagramSocket.NOTIFY_MAX_MESSAGE);
        socket.start("test-close", m -> { });
        socket.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("test-close")
                && t.isAlive()), "thread ended");
    }
}
