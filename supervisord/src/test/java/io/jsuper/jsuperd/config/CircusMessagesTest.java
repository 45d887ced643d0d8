package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Errors about a Circus file name what the user wrote where the reader moves it: {@code [circus]} options (which
 * become {@code [jsuperd]} keys and every watcher's umask) and {@code [env]} / {@code [env:a,b]} sections (which
 * become each watcher's {@code [env:NAME]}).
 */
class CircusMessagesTest {

    @TempDir
    Path dir;

    private List<String> errors(String... lines) {
        return ConfigFiles.errors(dir, "circus.ini", Accounts.UNCHECKED, lines);
    }

    private List<String> warnings(String... lines) throws ConfigException {
        return ConfigFiles.warnings(dir, "circus.ini", Accounts.UNCHECKED, lines);
    }

    @Test
    void circusSection_unknownOption_warningPointsToTheDocs_notAsAValueToWrite() throws ConfigException {
        assertEquals(List.of("circus.ini:2: [circus] colour: unknown [circus] option, ignored "
                        + "(see docs/compatibility.md)"),
                warnings("[circus]", "colour = blue", "[watcher:a]", "cmd = a"));
    }

    @Test
    void circusSection_badLoglevel_saysCircusLevels() {
        assertEquals(List.of("circus.ini:2: [circus] loglevel: \"loud\" is not a log level "
                        + "(expected critical, error, warning, info or debug)"),
                errors("[circus]", "loglevel = loud", "[watcher:a]", "cmd = a"));
    }

    @Test
    void circusSection_badUmask_inheritedByEveryWatcher_isOneErrorAtCircus() {
        assertEquals(List.of("circus.ini:2: [circus] umask: \"999\" is not an octal umask "
                        + "(expected an octal number 000..777, e.g. 022)"),
                errors("[circus]", "umask = 999", "[watcher:a]", "cmd = a", "[watcher:b]", "cmd = b"));
    }

    @Test
    void envSectionForSeveralWatchers_isNamedAsWritten() {
        assertEquals(List.of("circus.ini:6: [env:a,b] 1A: \"1A\" is not an environment variable name "
                        + "(expected letters, digits and _, not starting with a digit)"),
                errors("[watcher:a]", "cmd = a", "[watcher:b]", "cmd = b", "[env:a,b]", "1A = x"));
    }

    @Test
    void envSectionNamingAMissingWatcher_namesTheSectionAsWritten() {
        assertEquals(List.of("circus.ini:3: [env:a,bb] names bb, which is no watcher; did you mean b? "
                        + "(expected the names of [watcher:NAME] sections in this or an included file)"),
                errors("[watcher:a]", "cmd = a", "[env:a,bb]", "X = 1", "[watcher:b]", "cmd = b"));
    }

    @Test
    void globalEnvSection_badReference_namesEnv() {
        assertEquals(List.of("circus.ini:4: [env] B: $(circus.env.NOSUCH): environment variable NOSUCH is not set "
                        + "(expected a variable set in jsuperd's environment)"),
                errors("[watcher:a]", "cmd = a", "[env]", "B = $(circus.env.NOSUCH)"));
    }
}
