package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jsuperd --check}: a uid that cannot enter its working_dir is a config error at the option's line. */
class WorkingDirAccessTest {
    @TempDir
    Path dir;

    /** uid 4242 in group 4242 only; answers ids only as a --check run does. */
    private static Accounts host(boolean checkRun) {
        return new Accounts() {
            @Override
            public boolean userExists(String nameOrUid) {
                return true;
            }

            @Override
            public boolean groupExists(String nameOrGid) {
                return true;
            }

            @Override
            public Optional<Ids> idsOf(String user, Optional<String> group) {
                return checkRun ? Optional.of(new Ids(user.equals("root") ? 0 : 4242, 4242, List.of(4242))) : Optional.empty();
            }
        };
    }

    @BeforeEach
    void openTheTempDir() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path directory(String name, String mode) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        return d;
    }

    @Test
    void lockedParent_isAnErrorAtWorkingDir_namingTheDirectoryThatStopsIt() throws Exception {
        Path locked = directory("locked", "rwx------");
        Files.createDirectories(locked.resolve("app"));
        Path file = write(dir, "jsuperd.ini", "[watcher:web]", "cmd = /bin/true", "uid = app", "working_dir = locked/app");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ConfigFiles.ENV, host(true)));
        assertTrue(e.getMessage().contains("jsuperd.ini:4: [watcher:web] working_dir: user \"app\" (uid 4242) cannot enter "
                + "working_dir " + locked.resolve("app") + ": " + locked + " (mode 0700"), e.getMessage());
        assertTrue(e.getMessage().contains("gives others no search (x) permission"), e.getMessage());
    }

    @Test
    void defaultWorkingDir_isReportedAtTheUidLine() throws Exception {
        Path locked = directory("conf", "rwx------");
        Path file = write(locked, "jsuperd.ini", "[watcher:web]", "cmd = /bin/true", "uid = app");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ConfigFiles.ENV, host(true)));
        assertTrue(e.getMessage().contains("jsuperd.ini:3: [watcher:web] uid: user \"app\" (uid 4242) cannot enter"), e.getMessage());
    }

    @Test
    void searchableDirectories_rootAndNonCheckRunsAndMissingDirectories_pass() throws Exception {
        directory("open", "rwx--x--x");
        directory("locked", "rwx------");
        Path file = write(dir, "jsuperd.ini", "[watcher:a]", "cmd = /bin/true", "uid = app", "working_dir = open",
                "[watcher:b]", "cmd = /bin/true", "uid = root", "working_dir = locked",
                "[watcher:c]", "cmd = /bin/true", "uid = app", "working_dir = missing/$(circus.wid)");
        assertEquals(3, ConfigLoader.load(file, ConfigFiles.ENV, host(true)).watchers().size());
        Path lockedToo = write(dir, "other.ini", "[watcher:a]", "cmd = /bin/true", "uid = app", "working_dir = locked");
        assertEquals(1, ConfigLoader.load(lockedToo, ConfigFiles.ENV, host(false)).watchers().size(), "a start does not refuse it");
    }

    @Test
    void groupBitsApply_whenTheUserIsInTheDirectorysGroup() throws Exception {
        Path shared = directory("shared", "rwx--x---");
        Files.setAttribute(shared, "unix:gid", 4242);
        assertEquals(Optional.empty(), WorkingDirAccess.deniedAt(shared, new Accounts.Ids(4242, 100, List.of(100, 4242))));
        assertTrue(WorkingDirAccess.deniedAt(shared, new Accounts.Ids(4343, 100, List.of(100))).isPresent());
    }
}
