package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/migrating.md's option tables cannot drift from the readers: each table lists exactly the options its
 * reader knows (every known option documented, no documented option unknown).
 */
class MigrationTablesTest {

    private static final Pattern OPTION = Pattern.compile("`([^`]+)`");

    private static String doc() throws IOException {
        for (Path p : List.of(Path.of("docs", "migrating.md"), Path.of("..", "docs", "migrating.md"))) {
            if (Files.isRegularFile(p)) {
                return Files.readString(p);
            }
        }
        throw new AssertionError("docs/migrating.md not found from " + Path.of("").toAbsolutePath());
    }

    /** The options of the first column of the table under {@code heading}. */
    static Set<String> table(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no heading " + heading + " in docs/migrating.md");
        Set<String> options = new TreeSet<>();
        boolean inTable = false;
        for (String line : doc.substring(start + heading.length() + 2).split("\n")) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| option") || line.startsWith("|---")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable) {
                Matcher m = OPTION.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    options.add(m.group(1));
                }
            }
        }
        return options;
    }

    @Test
    void programTable_listsEverySupervisordProgramOption() throws IOException {
        assertEquals(new TreeSet<>(SupervisordProgram.knownKeys()), table(doc(), "### `[program:x]`"));
    }

    @Test
    void supervisordTable_listsEverySupervisordOption() throws IOException {
        assertEquals(new TreeSet<>(SupervisordDaemonSection.KEYS), table(doc(), "### `[supervisord]`"));
    }

    @Test
    void circusTable_listsEveryCircusOption() throws IOException {
        assertEquals(new TreeSet<>(CircusTranslator.CIRCUS_KEYS), table(doc(), "### `[circus]`"));
    }

    @Test
    void watcherTable_listsEveryCircusWatcherOption_andTheReaderHandlesEach() throws IOException {
        assertEquals(new TreeSet<>(CircusWatcher.CIRCUS_OPTIONS), table(doc(), "### `[watcher:x]`"));
        for (String option : CircusWatcher.CIRCUS_OPTIONS) {
            assertTrue(CircusWatcher.handles(option), option + " is documented but the Circus reader neither honours nor warns");
        }
    }
}
