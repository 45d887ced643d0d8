package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jsuperd --check} with the built launcher: what would make every spawn of a watcher fail. */
class ConfigCheckE2ETest extends DaemonE2ETest {
    @Test
    void uidThatCannotEnterItsWorkingDir_isExit78WithFileAndLine() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path locked = Files.createDirectories(tmp.resolve("private/app"));
        Files.setPosixFilePermissions(tmp.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(tmp.resolve("public"));
        jsuperd = new DaemonHarness(tmp, "[watcher:web]\ncmd = /bin/true\nuid = nobody\nworking_dir = " + locked + "\n"
                + "[watcher:ok]\ncmd = /bin/true\nuid = nobody\nworking_dir = " + tmp.resolve("public") + "\n");
        Ctl r = DaemonHarness.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "--check", "-c",
                jsuperd.config.toString()), null, Map.of());
        assertEquals(78, r.exit(), r.toString());
        List<String> lines = r.err().lines().filter(l -> l.contains("cannot enter working_dir")).toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).contains(jsuperd.config.getFileName() + ":"), lines.get(0));
        assertTrue(lines.get(0).contains("[watcher:web] working_dir: user \"nobody\""), lines.get(0));
        assertTrue(lines.get(0).contains(tmp.resolve("private") + " (mode 0700"), lines.get(0));

        Files.setPosixFilePermissions(tmp.resolve("private"), PosixFilePermissions.fromString("rwx--x--x"));
        Ctl fixed = DaemonHarness.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "--check", "-c",
                jsuperd.config.toString()), null, Map.of());
        assertEquals(0, fixed.exit(), fixed.toString());
    }
}
