package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvFileAndAccountsTest {

    @TempDir
    Path dir;

    /** A host with users app (uid 1001) and root, groups app and staff. */
    private static final Accounts HOST = new Accounts() {
        @Override
        public boolean userExists(String nameOrUid) {
            return Set.of("app", "1001", "root", "0").contains(nameOrUid);
        }

        @Override
        public boolean groupExists(String nameOrGid) {
            return Set.of("app", "staff", "50").contains(nameOrGid);
        }
    };

    @Test
    void envFile_linesCommentsExportAndQuotes() throws Exception {
        write(dir, "conf.d/app.env",
                "# a comment", "", "   # indented comment", "PLAIN=value", "export EXPORTED=1",
                "SPACED = around  ", "DQ=\"a b # not a comment\"", "SQ='$(not expanded) %(here)s'",
                "EMPTY=", "EQUALS=a=b", "TWICE=first", "TWICE=second", "dotted.name=ok");
        Path file = write(dir, "conf.d/app.ini", "[watcher:app]", "cmd = /bin/true", "env_file = app.env");
        WatcherConfig w = load(file).watchers().get("app");
        assertEquals(Map.of("PLAIN", "value", "EXPORTED", "1", "SPACED", "around", "DQ", "a b # not a comment",
                "SQ", "$(not expanded) %(here)s", "EMPTY", "", "EQUALS", "a=b", "TWICE", "second",
                "dotted.name", "ok"), w.env());
    }

    @Test
    void envFile_crlfAndBomAreAccepted() throws Exception {
        write(dir, "app.env", "\uFEFFA=1\r\nB=2\r");
        WatcherConfig w = load(write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true", "env_file = app.env"))
                .watchers().get("app");
        assertEquals(Map.of("A", "1", "B", "2"), w.env());
    }

    @Test
    void precedence_envFile_below_env_below_envSection() throws Exception {
        write(dir, "app.env", "A=file", "B=file", "C=file");
        WatcherConfig w = load(write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true",
                "env_file = %(here)s/app.env", "env = B=option, C=option", "[env:app]", "C = section"))
                .watchers().get("app");
        assertEquals(Map.of("A", "file", "B", "option", "C", "section"), w.env());
    }

    @Test
    void changedEnvFile_changesTheWatcher() throws Exception {
        write(dir, "app.env", "A=1");
        Path file = write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true", "env_file = app.env");
        WatcherConfig before = load(file).watchers().get("app");
        assertEquals(before, load(file).watchers().get("app"));
        write(dir, "app.env", "A=2");
        assertNotEquals(before, load(file).watchers().get("app"));
    }

    @Test
    void missingEnvFile_isAnErrorAtTheOption() {
        Path file = write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true", "env_file = nope.env");
        String message = failure(file).getMessage();
        assertTrue(message.contains("jsuperd.ini:3: [watcher:app] env_file: no such file: " + dir.resolve("nope.env")),
                message);
    }

    @Test
    void badLines_areReportedWithTheEnvFileAndLine_togetherWithOtherErrors() {
        write(dir, "app.env", "GOOD=1", "no equals sign", "1BAD=x", "export", "OPEN=\"unterminated",
                "MISMATCH='a\"", "# fine");
        Path file = write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true", "env_file = app.env",
                "numprocesses = many");
        String message = failure(file).getMessage();
        assertTrue(message.contains("jsuperd.ini:4: [watcher:app] numprocesses:"), message);
        assertTrue(message.contains("app.env:2: \"no equals sign\" has no '='"), message);
        assertTrue(message.contains("app.env:3: \"1BAD\" is not an environment variable name"), message);
        assertTrue(message.contains("app.env:4: \"export\" has no '='"), message);
        assertTrue(message.contains("app.env:5: the value of OPEN opens a \" quote that is not closed"), message);
        assertTrue(message.contains("app.env:6: the value of MISMATCH opens a ' quote"), message);
        assertEquals(6, message.lines().count(), message);
    }

    @Test
    void envFileThatIsADirectory_isAnError() {
        Path file = write(dir, "jsuperd.ini", "[watcher:app]", "cmd = /bin/true", "env_file = .");
        assertTrue(failure(file).getMessage().contains("env_file: not a regular file"), failure(file).getMessage());
    }

    @Test
    void knownUserAndGroup_byNameOrNumber_load() throws Exception {
        Path file = write(dir, "jsuperd.ini", "[watcher:a]", "cmd = /bin/true", "uid = app", "gid = staff",
                "[watcher:b]", "cmd = /bin/true", "uid = 1001", "gid = 50", "[watcher:c]", "cmd = /bin/true",
                "uid = root");
        assertEquals(3, ConfigLoader.load(file, ConfigFiles.ENV, HOST).watchers().size());
    }

    @Test
    void unknownUserAndGroup_areConfigErrorsWithFileAndLine() {
        Path file = write(dir, "jsuperd.ini", "[watcher:a]", "cmd = /bin/true", "uid = nobody2", "gid = nogroup2",
                "[watcher:b]", "cmd = /bin/true", "uid = 4242");
        ConfigException e = assertThrowsConfig(file);
        String message = e.getMessage();
        assertTrue(message.contains("jsuperd.ini:3: [watcher:a] uid: unknown user \"nobody2\" on this host"), message);
        assertTrue(message.contains("jsuperd.ini:4: [watcher:a] gid: unknown group \"nogroup2\" on this host"), message);
        assertTrue(message.contains("jsuperd.ini:7: [watcher:b] uid: unknown user \"4242\" on this host"), message);
    }

    @Test
    void withoutAccountCheck_anyUserLoads() throws Exception {
        Path file = write(dir, "jsuperd.ini", "[watcher:a]", "cmd = /bin/true", "uid = nobody2");
        assertEquals(java.util.Optional.of("nobody2"), load(file).watchers().get("a").uid());
    }

    private ConfigException assertThrowsConfig(Path file) {
        try {
            ConfigLoader.load(file, ConfigFiles.ENV, HOST);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to be rejected");
    }
}
