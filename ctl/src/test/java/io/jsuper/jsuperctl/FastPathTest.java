package io.jsuper.jsuperctl;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FastPathTest {
    private final StringWriter err = new StringWriter();

    private Jsuperctl root() {
        return new Jsuperctl(Map.of(), new BufferedReader(new StringReader("")), new String[0], false,
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    }

    @Test
    void leavesEverythingButThePlainFormsToPicocli() {
        for (String[] args : new String[][]{{"--help"}, {"-h", "status"}, {"start"}, {"status", "-h"},
                {"restart", "--no-wait", "web"}, {"stop", "web", "--timeout", "5"}, {"signal", "HUP", "web"},
                {"--socket"}, {"--bogus", "status"}, {"help", "status"}, {"--version"}}) {
            assertNull(FastPath.tryRun(args, root()), String.join(" ", args));
        }
    }

    @Test
    void runsPlainLifecycleCommands_withTheSameErrors() {
        for (String verb : new String[]{"start", "stop", "restart", "reload"}) {
            StringWriter errors = new StringWriter();
            Jsuperctl root = new Jsuperctl(Map.of(), new BufferedReader(new StringReader("")), new String[0], false,
                    new PrintWriter(new StringWriter()), new PrintWriter(errors, true));
            assertEquals(4, FastPath.tryRun(new String[]{"--socket", "/nonexistent/x.sock", verb, "web"}, root), verb);
            assertEquals("jsuperctl: daemon not running (no socket at /nonexistent/x.sock)", errors.toString().trim(), verb);
        }
    }

    @Test
    void opensThePromptWithoutPicocli_whenOnlyGlobalOptionsAreGiven() {
        StringWriter out = new StringWriter();
        Jsuperctl root = new Jsuperctl(Map.of(), new BufferedReader(new StringReader("")), new String[0], false,
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, FastPath.tryRun(new String[]{"--socket", "/nonexistent/x.sock"}, root));
        assertEquals(Jsuperctl.PROMPT.trim(), out.toString().trim());
        assertEquals(Path.of("/nonexistent/x.sock"), root.socket);
    }

    @Test
    void parsesGlobalOptionsBothSpellings() {
        Jsuperctl root = root();
        Integer code = FastPath.tryRun(new String[]{"--json", "--socket=/nonexistent/x.sock", "-c", "/y.ini", "status"}, root);
        assertEquals(4, code);
        assertEquals(Path.of("/nonexistent/x.sock"), root.socket);
        assertEquals(Path.of("/y.ini"), root.config);
        assertEquals("jsuperctl: daemon not running (no socket at /nonexistent/x.sock)", err.toString().trim());
    }
}
