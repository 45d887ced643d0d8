package io.jsuper.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped example configs are valid, and the quick start does not pick up the production example. */
class ExampleConfigE2ETest {
    private static final Path ROOT = DaemonHarness.dist().getParent().getParent().getParent();

    @Test
    void webxample_isValid_onceItsUserAndFilesExist(@TempDir Path dir) throws Exception {
        Path srv = dir.resolve("srv/webxample");
        Files.createDirectories(srv.resolve("shared"));
        Files.writeString(srv.resolve("shared/env"), "DATABASE_URL=postgres://localhost/webxample\n");
        // The user webxample and the paths under /srv belong to a real host: stand-ins for this one.
        String me = System.getProperty("user.name");
        String example = Files.readString(ROOT.resolve("conf.d/examples/webxample.ini"))
                .replace("/srv/webxample", srv.toString())
                .replace("uid = webxample", "uid = " + me).replace("uid = root", "uid = " + me);
        Path ini = dir.resolve("webxample.ini");
        Files.writeString(ini, example);
        Path main = dir.resolve("jsuperd.ini");
        Files.writeString(main, "[jsuperd]\ninclude = " + ini + "\n");
        HostTools.Result check = HostTools.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c", main.toString(), "--check"));
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("(3 watchers)"), check.output());
    }

    @Test
    void quickStartConfig_loadsOnlyItsOwnWatchers() throws Exception {
        HostTools.Result check = HostTools.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(),
                "-c", ROOT.resolve("conf.d/jsuperd.ini").toString(), "--check"));
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("(2 watchers)"), "README quick start: sleeper and ticker only: " + check.output());
    }
}
