package io.jsuper.jsuperd.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The children's NOTIFY_SOCKET: real AF_UNIX datagrams with the sender's credentials from the kernel. */
class NotifySocketTest {

    @Test
    void receivesFieldsWithTheSendersPidFromTheKernel() {
        List<NotifyMessage> got = new CopyOnWriteArrayList<>();
        try (NotifySocket socket = NotifySocket.bind(NotifySocket.randomAbstractAddress())) {
            assertTrue(socket.address().startsWith("@jsuperd/notify/"));
            socket.start(got::add);
            assertTrue(new UnixDatagramSender(socket.address()).send("READY=1\nSTATUS=serving\nnonsense"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        }
        NotifyMessage m = got.get(0);
        int self = (int) ProcessHandle.current().pid();
        assertEquals(self, m.pid());
        assertEquals(self, m.lineage().get(0));
        assertTrue(m.lineage().size() >= 2, "process group and parents follow: " + m.lineage());
        assertEquals("1", m.fields().get("READY"));
        assertEquals("serving", m.fields().get("STATUS"));
        assertEquals(2, m.fields().size(), "a line without = is skipped");
    }

    @Test
    void tooLongMessage_isDropped_andTheNextOneArrives() {
        List<NotifyMessage> got = new CopyOnWriteArrayList<>();
        try (NotifySocket socket = NotifySocket.bind(NotifySocket.randomAbstractAddress())) {
            socket.start(got::add);
            UnixDatagramSender sender = new UnixDatagramSender(socket.address());
            assertTrue(sender.send("STATUS=" + "x".repeat(NotifySocket.MAX_MESSAGE)));
            assertTrue(sender.send("READY=1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        }
        assertEquals(1, got.size());
        assertEquals("1", got.get(0).fields().get("READY"));
    }

    @Test
    void close_endsTheThreadPromptly() {
        NotifySocket socket = NotifySocket.bind(NotifySocket.randomAbstractAddress());
        socket.start(m -> { });
        socket.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jsuperd-notify")
                && t.isAlive()), "thread ended");
    }
}
