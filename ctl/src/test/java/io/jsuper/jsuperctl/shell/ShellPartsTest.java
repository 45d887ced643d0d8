package io.jsuper.jsuperctl.shell;

import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's pieces that need no terminal: completion, history location, name cache, greeting. */
class ShellPartsTest {
    private static final Map<String, List<String>> OPTIONS = options();

    private static Map<String, List<String>> options() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", List.of("--json", "--socket"));
        m.put("status", List.of("--help"));
        m.put("start", List.of("--no-wait", "--timeout"));
        m.put("signal", List.of());
        m.put("help", List.of());
        m.put("reread", List.of());
        return m;
    }

    private static List<String> complete(String line) {
        CommandCompleter c = new CommandCompleter(() -> OPTIONS, () -> List.of("web", "db", "web:1", "web:2", "db:1"));
        List<Candidate> out = new ArrayList<>();
        c.complete(null, new DefaultParser().parse(line, line.length()), out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void completes_commandWord_thenNames_thenOptions() {
        assertEquals(List.of("status", "start", "signal", "help", "reread"), complete("st"));
        assertEquals(List.of("all", "web", "db", "web:1", "web:2", "db:1"), complete("status w"));
        assertEquals(List.of("--no-wait", "--timeout", "--json", "--socket"), complete("start --"));
        assertEquals(List.of("status", "start", "signal", "help", "reread"), complete("--socket /s s"));
        assertTrue(complete("signal ").containsAll(List.of("HUP", "TERM")));
        assertEquals(List.of("all", "web", "db", "web:1", "web:2", "db:1"), complete("signal HUP "));
        assertEquals(List.of(), complete("reread "));
        assertEquals(List.of("status", "start", "signal", "help", "reread"), complete("help "));
    }

    @Test
    void history_xdgStateHome_elseHomeDotfile_relativeXdgIgnored() {
        assertEquals(Path.of("/st/jsuperctl/history"), HistoryFile.locate(Map.of("XDG_STATE_HOME", "/st"), "/home/u"));
        assertEquals(Path.of("/home/u/.jsuperctl_history"), HistoryFile.locate(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.jsuperctl_history"), HistoryFile.locate(Map.of("XDG_STATE_HOME", "rel"), "/home/u"));
    }

    @Test
    void processNames_watchersThenProcesses() {
        List<Map<String, Object>> ps = List.of(Map.of("name", "web:1"), Map.of("name", "web:2"), Map.of("name", "db:1"));
        assertEquals(List.of("web", "db", "web:1", "web:2", "db:1"), ProcessNames.names(ps));
    }

    @Test
    void processNames_askTheDaemonAtMostEveryTwoSeconds() {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        ProcessNames names = new ProcessNames(() -> {
            asked.incrementAndGet();
            throw new IllegalStateException("no daemon");
        }, now::get);
        assertEquals(List.of(), names.get());
        now.addAndGet(1_000_000_000L);
        names.get();
        assertEquals(1, asked.get());
        now.addAndGet(1_500_000_000L);
        names.get();
        assertEquals(2, asked.get());
    }

    @Test
    void greeting_perWatcherState() {
        List<Map<String, Object>> ps = List.of(
                Map.of("watcher", "web", "state", "RUNNING"), Map.of("watcher", "web", "state", "FATAL"),
                Map.of("watcher", "db", "state", "STOPPED"), Map.of("watcher", "q", "state", "RUNNING"));
        assertEquals(List.of("jsuperd 1.0 at /s: 3 watchers, 2 of 4 processes RUNNING",
                "  web: partial (1/2 RUNNING)", "  db: stopped (0/1 RUNNING)", "  q: active (1/1 RUNNING)"),
                Greeting.describe("1.0", "/s", ps));
    }
}
