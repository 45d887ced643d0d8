package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IniReaderTest {

    private static final Path FILE = Path.of("/etc/jsuper/jsuperd.ini");
    private final ErrorList errors = new ErrorList();

    private List<RawSection> parse(String... lines) {
        return IniReader.parse(FILE, String.join("\n", lines), errors);
    }

    private String errorText() {
        return new ConfigException(errors.list(), FILE.getParent()).getMessage();
    }

    @Test
    void keepsFileAndLineOfEveryKey() {
        List<RawSection> s = parse("; header comment", "[watcher:web]", "", "cmd = run", "# c", "args: -v");
        assertEquals(1, s.size());
        assertEquals("watcher:web", s.get(0).name());
        assertEquals(2, s.get(0).line());
        assertEquals(new RawEntry("watcher:web", "cmd", "run", FILE, 4), s.get(0).get("cmd"));
        assertEquals(6, s.get(0).get("args").line());
        assertEquals("-v", s.get(0).get("args").value());
        assertTrue(errors.isEmpty());
    }

    @Test
    void indentedLinesContinueThePreviousValueJoinedByNewlines() {
        RawSection s = parse("[a]", "args = --one", "  --two", "\t--three", "next = x").get(0);
        assertEquals("--one\n--two\n--three", s.get("args").value());
        assertEquals("x", s.get("next").value());
    }

    @Test
    void blankLineInsideAContinuedValueIsKeptOnlyWhenMoreFollows() {
        RawSection s = parse("[a]", "k = one", "", "  two", "", "other = 1").get(0);
        assertEquals("one\n\ntwo", s.get("k").value());
        assertEquals("1", s.get("other").value());
    }

    @Test
    void commentLinesInsideAContinuedValueAreSkipped() {
        RawSection s = parse("[a]", "k = one", "  # not part of it", "  two").get(0);
        assertEquals("one\ntwo", s.get("k").value());
    }

    @Test
    void inlineCommentsNeedWhitespaceBefore() {
        RawSection s = parse("[a]  ; section comment", "a = x ; comment", "b = y # comment", "c = http://h/#frag",
                "d = a;b", "e = 1\t;tab comment").get(0);
        assertEquals("x", s.get("a").value());
        assertEquals("y", s.get("b").value());
        assertEquals("http://h/#frag", s.get("c").value());
        assertEquals("a;b", s.get("d").value());
        assertEquals("1", s.get("e").value());
    }

    @Test
    void backslashesAreNotEscapes() {
        RawSection s = parse("[a]", "dir = C:\\temp\\new", "re = \\d+\\n").get(0);
        assertEquals("C:\\temp\\new", s.get("dir").value());
        assertEquals("\\d+\\n", s.get("re").value());
    }

    @Test
    void firstEqualsOrColonSeparates() {
        RawSection s = parse("[a]", "url = http://x:80/", "k: v = w", "empty =").get(0);
        assertEquals("http://x:80/", s.get("url").value());
        assertEquals("v = w", s.get("k").value());
        assertEquals("", s.get("empty").value());
    }

    @Test
    void keysAndSectionsAreCaseSensitive() {
        List<RawSection> s = parse("[A]", "Key = 1", "key = 2", "[a]", "x = 1");
        assertEquals(2, s.size());
        assertEquals("1", s.get(0).get("Key").value());
        assertEquals("2", s.get(0).get("key").value());
        assertTrue(errors.isEmpty());
    }

    @Test
    void duplicateKeyIsAnErrorNamingBothLines() {
        parse("[watcher:web]", "cmd = a", "args = x", "cmd = b");
        assertEquals("jsuperd.ini:4: [watcher:web] cmd: set twice, at line 2 and line 4 (expected each option once per section)",
                errorText());
    }

    @Test
    void duplicateSectionInOneFileIsAnError() {
        parse("[a]", "x = 1", "[a]", "y = 2");
        assertTrue(errorText().startsWith("jsuperd.ini:3: section [a] appears twice in this file (first at line 1)"), errorText());
    }

    @Test
    void optionBeforeAnySectionIsAnError() {
        parse("x = 1", "[a]");
        assertTrue(errorText().startsWith("jsuperd.ini:1: option \"x\" before any section header"), errorText());
    }

    @Test
    void lineWithoutSeparatorIsAnError() {
        parse("[a]", "just words");
        assertTrue(errorText().startsWith("jsuperd.ini:2: line \"just words\" is neither"), errorText());
    }

    @Test
    void indentedLineWithNothingToContinueIsAnError() {
        parse("[a]", "  stray = 1");
        assertTrue(errorText().startsWith("jsuperd.ini:2: indented line \"stray = 1\" continues no option"), errorText());
    }

    @Test
    void malformedHeaderIsAnErrorAndItsKeysAreSkipped() {
        List<RawSection> s = parse("[broken", "x = 1", "[ok]", "y = 2");
        assertEquals(1, s.size());
        assertEquals("ok", s.get(0).name());
        assertTrue(errorText().startsWith("jsuperd.ini:1: malformed section header \"[broken\""), errorText());
        assertEquals(1, errors.list().size());
    }

    @Test
    void windowsLineEndingsAndBomAreAccepted() {
        List<RawSection> s = IniReader.parse(FILE, "\uFEFF[a]\r\nx = 1\r\n", errors);
        assertEquals("1", s.get(0).get("x").value());
        assertNull(s.get(0).get("x\r"));
    }
}
