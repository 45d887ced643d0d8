package io.jsuper.jsuperd.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CommandLineTest {
    @Test
    void splitsLikeAShell_withoutExpanding() {
        assertEquals(List.of("sh", "-c", "echo $HOME; sleep 1"), CommandLine.split("sh -c 'echo $HOME; sleep 1'"));
        assertEquals(List.of("a b", "c\"d", "e f"), CommandLine.split("\"a b\" \"c\\\"d\" e\\ f"));
        assertEquals(List.of("x"), CommandLine.split("  x  "));
        assertEquals(List.of("", "y"), CommandLine.split("'' y"));
    }

    @Test
    void unterminatedQuote_isAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> CommandLine.split("echo 'oops"));
        assertTrue(e.getMessage().contains("unterminated single quote"));
    }

    @Test
    void widIsExpandedPerProcess_andShellWrapsTheWholeLine() {
        TestWatchers t = new TestWatchers();
        t.cmd = "/usr/bin/app";
        t.args = "--port 80$(circus.wid)";
        assertEquals(List.of("/usr/bin/app", "--port", "803"), CommandLine.argv(t.build(), 3));
    }
}
