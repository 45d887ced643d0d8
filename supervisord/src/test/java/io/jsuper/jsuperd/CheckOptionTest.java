package io.jsuper.jsuperd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code jsuperd --check} refuses what a real start would refuse, with exit code 78 (EX_CONFIG). */
class CheckOptionTest {
    @TempDir
    Path dir;

    private Path config(Path tokenFile) throws Exception {
        Path ini = dir.resolve("jsuperd.ini");
        Files.writeString(ini, "[jsuperd]\nsocket = " + dir.resolve("j.sock") + "\nlogdir = " + dir.resolve("logs")
                + "\nhttp = 127.0.0.1:1\nhttp_token_file = " + tokenFile + "\n\n[watcher:web]\ncmd = sleep 1000\n");
        return ini;
    }

    @Test
    void tokenFileReadableByOthers_is78_privateOne_is0() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(78, Jsuperd.run(new String[]{"-c", config(token).toString(), "--check"}));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, Jsuperd.run(new String[]{"-c", config(token).toString(), "--check"}));
    }
}
