package io.jsuper.jsuperd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PidFileTest {

    @TempDir
    Path tmp;

    /** Regression (issue 9 #11): a pid reused by an unrelated live process used to block start-up. */
    @Test
    void pidOfAnUnrelatedLiveProcess_isTakenOver() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidfile = Files.writeString(tmp.resolve("jsuperd.pid"), sleep.pid() + "\n");
            PidFile written = PidFile.write(pidfile, 4242, tmp.resolve("jsuperd.ini"));
            assertEquals("4242\n", Files.readString(pidfile));
            written.remove();
            assertFalse(Files.exists(pidfile));
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lockedPidfile_isRefused_andReleasedOnRemove() throws Exception {
        Path pidfile = tmp.resolve("run/jsuperd.pid");
        PidFile first = PidFile.write(pidfile, 4242, tmp.resolve("jsuperd.ini"));
        Daemon.StartupException e = assertThrows(Daemon.StartupException.class,
                () -> PidFile.write(pidfile, 4343, tmp.resolve("jsuperd.ini")));
        assertTrue(e.getMessage().contains("locked by a running jsuperd (pid 4242)"), e.getMessage());
        assertEquals("4242\n", Files.readString(pidfile), "the live daemon's pidfile is left alone");
        first.remove();
        PidFile.write(pidfile, 4343, tmp.resolve("jsuperd.ini")).remove();
    }

    @Test
    void garbageInThePidfile_isOverwritten() throws Exception {
        Path pidfile = Files.writeString(tmp.resolve("jsuperd.pid"), "not a pid at all, and long ".repeat(10));
        PidFile.write(pidfile, 77, tmp.resolve("jsuperd.ini")).remove();
    }
}
