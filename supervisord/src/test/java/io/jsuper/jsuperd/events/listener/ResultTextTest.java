package io.jsuper.jsuperd.events.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a {@code listener_results = print} pool shows of each result, as supervisor_stdout's handler prints it. */
class ResultTextTest {

    private static String printed(String result) {
        return new String(ResultText.printed(result), StandardCharsets.UTF_8);
    }

    @Test
    void echoedOutput_isPrefixedWithProcessAndChannel_perLine() {
        assertEquals("web stdout | a\nweb stdout | b\n",
                printed("processname:web groupname:web pid:12 channel:stdout\na\nb\n"));
        assertEquals("web stderr | last line without newline\n",
                printed("processname:web channel:stderr\nlast line without newline"));
    }

    @Test
    void aResultWithoutTheHeaderLine_isPrintedAsItIs() {
        assertEquals("OK\n", printed("OK"));
        assertEquals("something\nelse\n", printed("something\nelse"));
    }
}
