package io.jsuper.jsuperd.events.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** supervisord's capture mode: the tokens, split reads, the size bound. */
class CaptureFilterTest {
    private final CaptureFilter f = new CaptureFilter(8);
    private final StringBuilder output = new StringBuilder();
    private final java.util.ArrayList<String> messages = new java.util.ArrayList<>();

    private void feed(String s) {
        CaptureFilter.Result r = f.feed(s.getBytes(StandardCharsets.UTF_8));
        output.append(new String(r.output(), StandardCharsets.UTF_8));
        r.messages().forEach(m -> messages.add(new String(m, StandardCharsets.UTF_8)));
    }

    @Test
    void textBetweenTheTokens_isAMessage_andLeavesTheOutput() {
        feed("a<!--XSUPERVISOR:BEGIN-->hello<!--XSUPERVISOR:END-->b\n");
        assertEquals("ab\n", output.toString());
        assertEquals(List.of("hello"), messages);
    }

    @Test
    void tokensSplitAcrossReads_areFound_andAFalseStartIsOutputLater() {
        feed("x<!--XSUPER");
        assertEquals("x", output.toString(), "a possible token start is held back");
        feed("VISOR:BEGIN-->hi<!--XSUP");
        feed("ERVISOR:END--><!-- not a token -->");
        assertEquals(List.of("hi"), messages);
        assertEquals("x<!-- not a token -->", output.toString());
    }

    @Test
    void aLongMessage_keepsItsNewestBytes() {
        feed("<!--XSUPERVISOR:BEGIN-->0123456789abc<!--XSUPERVISOR:END-->");
        assertEquals(List.of("56789abc"), messages);
    }

    @Test
    void reset_givesBackWhatWasHeld_andDropsAnOpenCapture() {
        feed("y<!--");
        assertEquals("<!--", new String(f.reset(), StandardCharsets.UTF_8));
        feed("<!--XSUPERVISOR:BEGIN-->lost");
        f.reset();
        feed("z");
        assertEquals(List.of(), messages);
        assertEquals("yz", output.toString());
    }
}
