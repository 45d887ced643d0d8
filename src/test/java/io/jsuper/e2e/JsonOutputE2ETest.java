package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one {@code --json} shape (docs/cli.md#json-output) of every command that prints, through the built client
 * against the real daemon: one object on one stdout line, {@code ok} exactly when the exit code is 0,
 * {@code errors} naming what failed, and the same process object wherever processes appear.
 */
class JsonOutputE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode json(int expectedExit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--json"));
        all.addAll(List.of(args));
        Ctl r = jsuperd.ctl(all.toArray(new String[0]));
        assertEquals(expectedExit, r.exit(), String.join(" ", args) + ": " + r);
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), String.join(" ", args) + ": one line of JSON expected: " + r);
        JsonNode node = JSON.readTree(lines.get(0));
        assertTrue(node.isObject(), r.toString());
        assertEquals(expectedExit == 0, node.get("ok").asBoolean(), String.join(" ", args) + ": " + r);
        if (expectedExit == 0) {
            assertTrue(!node.has("errors"), r.toString());
        }
        return node;
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        // optional by the documented schema: ok (a lifecycle command that waited), cgroup figures, probes
        keys.removeAll(Set.of("ok", "cpu_usec", "memory_bytes", "probes"));
        return keys;
    }

    @Test
    void everyPrintingCommand_printsOneObject_withOkErrorsAndTheSameProcessObject() throws Exception {
        jsuperd = new DaemonHarness(tmp, "logfile = " + tmp.resolve("jsuperd.log") + "\n", "[watcher:web]\ncmd = sleep 1000\nnumprocesses = 2\nstartsecs = 0\n"
                + "[watcher:db]\ncmd = sleep 1000\nstartsecs = 0\nautostart = false\n").start();
        jsuperd.awaitAll("web", "RUNNING");
        Set<String> process = keys(json(3, "status").get("services").get(0));
        assertTrue(process.containsAll(Set.of("name", "watcher", "wid", "state", "pid", "uptime_ms", "restarts")), process.toString());

        JsonNode some = json(4, "status", "web", "nope");
        assertEquals(2, some.get("services").size());
        assertEquals("nope", some.get("errors").get(0).get("name").asText());
        assertEquals("BAD_NAME", some.get("errors").get(0).get("code").asText());

        for (String[] cmd : new String[][]{{"start", "db"}, {"restart", "web"}, {"reload", "web"}, {"signal", "HUP", "web"},
                {"pid", "web"}}) {
            JsonNode node = json(0, cmd);
            for (JsonNode p : node.get("services")) {
                assertEquals(process, keys(p), String.join(" ", cmd));
            }
        }
        JsonNode mixed = json(4, "stop", "db", "nope");
        assertEquals("STOPPED", mixed.get("services").get(0).get("state").asText());
        assertEquals("no such watcher: nope", mixed.get("errors").get(0).get("message").asText());
        json(0, "start", "db");

        assertEquals(jsuperd.pid(), json(0, "pid").get("pid").asLong());
        assertTrue(json(0, "version").get("version").isTextual());
        assertEquals(List.of("web", "db"), texts(json(0, "list").get("watchers")));
        assertEquals(2, json(0, "list", "web").get("wids").size());
        assertEquals(2, json(0, "avail").get("watchers").size());
        assertTrue(json(0, "reread").has("changed"));
        assertEquals(3, json(0, "incr", "web").get("numprocesses").asInt());
        assertEquals(2, json(0, "decr", "web").get("numprocesses").asInt());
        assertEquals(2, json(0, "numprocesses", "web", "2").get("numprocesses").asInt());
        assertTrue(json(0, "update").has("unchanged"));
        assertTrue(json(0, "tail", "web:1").get("lines").isArray());
        assertTrue(json(1, "grep", "never-printed", "web:1").get("lines").isArray());
        assertTrue(json(0, "maintail").get("lines").isArray());
        assertEquals(2, json(0, "stats", "web").get("processes").size());
        json(0, "clear", "web:1");
        json(0, "reopen-logs");
        assertEquals("BAD_NAME", json(4, "add", "nope").get("errors").get(0).get("code").asText());

        // No daemon: still one object, the failure in errors with no daemon code.
        Ctl gone = DaemonHarness.runCtl(List.of("--json", "--socket", tmp.resolve("none.sock").toString(), "status"), null, Map.of());
        assertEquals(4, gone.exit());
        JsonNode none = JSON.readTree(gone.out());
        assertEquals(false, none.get("ok").asBoolean());
        assertTrue(none.get("errors").get(0).get("code").isNull());
        assertTrue(none.get("errors").get(0).get("message").asText().startsWith("daemon not running"), gone.toString());

        // Streams stay text: a usage error (exit 2), nothing on stdout.
        Ctl fg = jsuperd.ctl("--json", "fg", "web");
        assertEquals(2, fg.exit(), fg.toString());
        assertEquals("", fg.out());

        assertTrue(json(0, "shutdown").has("shutdown"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }
}
