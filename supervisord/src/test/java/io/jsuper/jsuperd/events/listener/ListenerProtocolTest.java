package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.config.EventListenerSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static io.jsuper.jsuperd.events.listener.ListenerProtocol.Kind.ACCEPTED;
import static io.jsuper.jsuperd.events.listener.ListenerProtocol.Kind.ERROR;
import static io.jsuper.jsuperd.events.listener.ListenerProtocol.Kind.READY;
import static io.jsuper.jsuperd.events.listener.ListenerProtocol.Kind.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The READY / RESULT reader, the envelope and the pool's bounded queue, as supervisord defines them. */
class ListenerProtocolTest {
    private final ListenerProtocol p = new ListenerProtocol();

    private List<ListenerProtocol.Kind> feed(String s) {
        return p.feed(s.getBytes(StandardCharsets.UTF_8)).stream().map(ListenerProtocol.Outcome::kind).toList();
    }

    @Test
    void ready_thenResultOk_acknowledges() {
        assertEquals(List.of(READY), feed("READY\n"));
        p.sent();
        assertEquals(ListenerState.BUSY, p.state());
        assertEquals(List.of(ACCEPTED), feed("RESULT 2\nOK"));
        assertEquals(ListenerState.ACKNOWLEDGED, p.state());
    }

    @Test
    void tokensSplitAcrossReads_andResultFollowedByReady_inOneRead() {
        assertEquals(List.of(), feed("REA"));
        assertEquals(List.of(READY), feed("DY\n"));
        p.sent();
        assertEquals(List.of(), feed("RESULT "));
        assertEquals(List.of(), feed("4\nFA"));
        assertEquals(List.of(REJECTED, READY), feed("ILREADY\n"));
        assertEquals(ListenerState.READY, p.state());
    }

    @Test
    void resultOtherThanOk_rejects_withTheBody() {
        feed("READY\n");
        p.sent();
        List<ListenerProtocol.Outcome> o = p.feed("RESULT 4\nFAIL".getBytes(StandardCharsets.UTF_8));
        assertEquals(REJECTED, o.get(0).kind());
        assertEquals("FAIL", o.get(0).detail());
    }

    @Test
    void junkWhileAcknowledged_isUnknownForGood() {
        List<ListenerProtocol.Outcome> o = p.feed("hello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(ERROR, o.get(0).kind());
        assertTrue(o.get(0).detail().contains("expected READY, got 'hello\\n'"), o.get(0).detail());
        assertEquals(ListenerState.UNKNOWN, p.state());
        assertEquals(List.of(), feed("READY\n"));
        assertEquals(ListenerState.UNKNOWN, p.state());
    }

    @Test
    void dataWhileReady_andBadResultLine_areErrors_theLatterLosingTheEvent() {
        feed("READY\n");
        assertEquals(List.of(ERROR), feed("x"));
        ListenerProtocol q = new ListenerProtocol();
        q.feed("READY\n".getBytes(StandardCharsets.UTF_8));
        q.sent();
        ListenerProtocol.Outcome o = q.feed("RESULT x\n".getBytes(StandardCharsets.UTF_8)).get(0);
        assertEquals(ERROR, o.kind());
        assertTrue(o.eventLost());
    }

    @Test
    void unboundedInput_isCut() {
        feed("READY\n");
        p.sent();
        assertEquals(List.of(ERROR), feed("R".repeat(ListenerProtocol.MAX_RESULT_LINE + 1)));
        ListenerProtocol q = new ListenerProtocol();
        q.feed("READY\n".getBytes(StandardCharsets.UTF_8));
        q.sent();
        assertEquals(ERROR, q.feed(("RESULT " + (ListenerProtocol.MAX_RESULT + 1) + "\n").getBytes(
                StandardCharsets.UTF_8)).get(0).kind());
    }

    /**
     * supervisord's docs say bytes, but supervisord 4 (Python 3) measures the decoded payload: 'é' counts 1 (checked
     * against Debian's supervisord 4.2.5), and Python listeners read that many characters. Not UTF-8: bytes.
     */
    @Test
    void envelope_hasSupervisordsHeaderAndCharacterLength() {
        SupervisorEvent e = new SupervisorEvent(7, "PROCESS_STATE_EXITED",
                "processname:é groupname:x".getBytes(StandardCharsets.UTF_8));
        assertEquals("ver:3.0 server:supervisor serial:7 pool:mon poolserial:2 eventname:PROCESS_STATE_EXITED len:25\n"
                + "processname:é groupname:x", new String(e.envelope("supervisor", "mon", 2), StandardCharsets.UTF_8));
        assertEquals(4, SupervisorEvent.supervisordLength("a\uD83D\uDE00b\n".getBytes(StandardCharsets.UTF_8)),
                "a code point outside the BMP is one character for Python");
        assertEquals(3, SupervisorEvent.supervisordLength(new byte[] {'a', (byte) 0xff, 'b'}));
    }

    @Test
    void poolQueue_dropsTheOldestWhenFull_andRequeuesAtTheHead() {
        ListenerPool pool = new ListenerPool("mon", new EventListenerSettings("mon", Set.of("EVENT"), 2));
        pool.offer(new SupervisorEvent(0, "A", new byte[0]));
        pool.offer(new SupervisorEvent(1, "B", new byte[0]));
        pool.offer(new SupervisorEvent(2, "C", new byte[0]));
        assertEquals(List.of("B", "C"), pool.queuedTypes());
        pool.requeue(new ListenerPool.Queued(new SupervisorEvent(3, "D", new byte[0]), 9));
        assertEquals(List.of("D", "C"), pool.queuedTypes());
        pool.settings(new EventListenerSettings("mon", Set.of("EVENT"), 1));
        assertEquals(List.of("C"), pool.queuedTypes());
    }

    @Test
    void poolQueue_isBoundedInBytesToo() {
        ListenerPool pool = new ListenerPool("mon", new EventListenerSettings("mon", Set.of("EVENT"), 10_000));
        int big = SupervisorEvent.MAX_PAYLOAD;
        long fit = ListenerPool.MAX_QUEUED_BYTES / big;
        for (int i = 0; i < fit + 3; i++) {
            pool.offer(new SupervisorEvent(i, "E" + i, new byte[big]));
        }
        assertEquals(fit, pool.queuedTypes().size());
        assertEquals("E3", pool.queuedTypes().get(0), "the oldest went first");
    }
}
