package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.CgroupLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class CrashRecoveryTest {

    @Test
    void stopsTheDeadDaemonsMains_andTheirSessionAndGroup_butNotAReusedPid(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"))
                .add(500, 1, 500, 500, 1000)        // main of web:1, still the same process
                .add(501, 500, 500, 500, 1001)      // its worker in the same group
                .add(502, 1, 600, 500, 1002)        // orphan still in its session
                .add(700, 1, 700, 700, 9999)        // pid of web:2 reused by a stranger (other start time)
                .add(800, 1, 800, 800, 1000);       // unrelated
        Path ledger = dir.resolve("j.sock.procs");
        Files.writeString(ledger, Ledger.format(new Ledger.Contents(99, 10, List.of(
                new Ledger.Entry(500, 1000, "web", 1), new Ledger.Entry(700, 1500, "web", 2)))));

        int found = new CrashRecovery(proc.table(), proc.dyingSignaller(), 42).recover(ledger, Optional.empty(), n -> null);

        assertEquals(3, found);
        assertEquals(List.of("TERM 500", "TERM 501", "TERM 502"), proc.signals.stream().sorted().toList());
        assertTrue(Files.isDirectory(proc.root.resolve("700")) && Files.isDirectory(proc.root.resolve("800")));
        assertFalse(Files.exists(ledger));
    }

    @Test
    void aLedgerOfALiveDaemon_isLeftAlone(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(99, 1, 99, 99, 10).add(500, 99, 500, 500, 1000);
        Path ledger = dir.resolve("j.sock.procs");
        Files.writeString(ledger, Ledger.format(new Ledger.Contents(99, 10, List.of(new Ledger.Entry(500, 1000, "web", 1)))));

        assertEquals(0, new CrashRecovery(proc.table(), proc.dyingSignaller(), 42).recover(ledger, Optional.empty(), n -> null));
        assertEquals(List.of(), proc.signals);
    }

    @Test
    void cgroupMode_alsoStopsEveryPidLeftInTheCgroups(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(300, 1, 300, 300, 50).add(301, 1, 301, 301, 51);
        Path base = dir.resolve("cg/jsuper-x");
        CgroupTree tree = new CgroupTree(new CgroupLayout(base, Optional.empty(), dir.resolve("cg")), proc.dyingSignaller());
        tree.procsFor("web", 1, CgroupLimits.NONE);
        Files.writeString(tree.leaf("web", 1).resolve("cgroup.procs"), "300\n301\n");

        int found = new CrashRecovery(proc.table(), proc.dyingSignaller(), 42)
                .recover(dir.resolve("none.procs"), Optional.of(tree), n -> null);

        assertEquals(2, found);
        assertEquals(List.of("TERM 300", "TERM 301"), proc.signals.stream().sorted().toList());
    }
}
