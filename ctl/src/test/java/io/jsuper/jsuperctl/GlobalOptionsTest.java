package io.jsuper.jsuperctl;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Global options anywhere on the line, did-you-mean for unknown commands, one prefixed line per failure line. */
class GlobalOptionsTest {
    @Test
    void hoist_movesGlobalOptionsAfterTheCommandToTheFront() {
        assertArrayEquals(new String[]{"--json", "status", "web"}, GlobalOptions.hoist(new String[]{"status", "--json", "web"}));
        assertArrayEquals(new String[]{"--socket", "/s", "-c", "f.ini", "--token=t", "stop", "--no-wait", "web"},
                GlobalOptions.hoist(new String[]{"stop", "--socket", "/s", "--no-wait", "web", "-c", "f.ini", "--token=t"}));
    }

    @Test
    void hoist_leavesWordsAfterDoubleDashAndADanglingOptionAlone() {
        assertArrayEquals(new String[]{"signal", "HUP", "--", "--json"}, GlobalOptions.hoist(new String[]{"signal", "HUP", "--", "--json"}));
        assertArrayEquals(new String[]{"status", "--socket"}, GlobalOptions.hoist(new String[]{"status", "--socket"}));
    }

    @Test
    void unknownCommand_suggestsTheClosest() {
        List<String> commands = List.of("status", "start", "stop", "restart", "reload", "shutdown");
        assertEquals("unknown command 'stauts'; did you mean status?", UnknownCommand.message("stauts", commands));
        assertEquals("unknown command 'sta'; did you mean status or start?", UnknownCommand.message("sta", commands));
        assertEquals("unknown command 'frobnicate'; commands: status, start, stop, restart, reload, shutdown",
                UnknownCommand.message("frobnicate", commands));
    }

    @Test
    void failure_multiLineMessage_everyLinePrefixed() {
        StringWriter s = new StringWriter();
        Failure.print(new PrintWriter(s, true), "bad config:\n  a.ini:3: x\n\n  a.ini:4: y");
        assertEquals(List.of("jsuperctl: bad config:", "jsuperctl: a.ini:3: x", "jsuperctl: a.ini:4: y"),
                s.toString().lines().toList());
    }
}
