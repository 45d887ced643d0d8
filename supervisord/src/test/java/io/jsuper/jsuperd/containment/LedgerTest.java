package io.jsuper.jsuperd.containment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

class LedgerTest {

    @Test
    void formatAndParse_roundTrip_watcherNamesMayHoldSpaces() {
        Ledger.Contents c = new Ledger.Contents(100, 5000, List.of(
                new Ledger.Entry(200, 6000, "web", 1), new Ledger.Entry(201, 6001, "odd name", 12)));
        String text = Ledger.format(c);
        assertEquals("jsuperd-ledger 1\ndaemon 100 5000\n200 6000 1 web\n201 6001 12 odd name\n", text);
        assertEquals(Optional.of(c), Ledger.parse(text));
    }

    @Test
    void aTornOrForeignFile_losesOnlyTheBadLines() {
        assertEquals(Optional.empty(), Ledger.parse(""));
        assertEquals(Optional.empty(), Ledger.parse("something else\ndaemon 1 2\n"));
        Ledger.Contents c = Ledger.parse("jsuperd-ledger 1\ndaemon 100 5000\n200 6000 1 web\nx y z w\n201 60").orElseThrow();
        assertEquals(List.of(new Ledger.Entry(200, 6000, "web", 1)), c.entries());
    }

    @Test
    void writer_recordsStartTimes_batchesChanges_andCloseRemovesTheFile(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(10, 1, 10, 10, 4000).add(11, 10, 11, 11, 4100)
                .add(12, 10, 12, 12, 4200);
        Path file = dir.resolve("jsuperd.sock.procs");
        try (Ledger ledger = new Ledger(file, proc.table(), 10, Duration.ofMillis(20))) {
            ledger.add(11, "web", 1);
            ledger.add(12, "web", 2);
            ledger.add(13, "gone", 1); // exited before the writer looked: not written
            await().atMost(Duration.ofSeconds(10)).until(() -> Ledger.read(file)
                    .map(c -> c.entries().size() == 2).orElse(false));
            Ledger.Contents c = Ledger.read(file).orElseThrow();
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(10, c.daemonPid());
            assertEquals(4000, c.daemonStartTime());
            assertTrue(c.entries().contains(new Ledger.Entry(11, 4100, "web", 1)));
            assertTrue(c.entries().contains(new Ledger.Entry(12, 4200, "web", 2)));

            ledger.remove(12);
            await().atMost(Duration.ofSeconds(10)).until(() -> Ledger.read(file)
                    .map(x -> x.entries().equals(List.of(new Ledger.Entry(11, 4100, "web", 1)))).orElse(false));
        }
        assertFalse(Files.exists(file), "a clean shutdown leaves nothing to recover");
    }

    /**
     * Regression: each add unparked the writer out of its batch wait, so spawns arriving one by one (as
     * the loop makes them) were written once per spawn: hundreds of rewrites and new inodes per bring-up.
     */
    @Test
    void spawnsArrivingOneByOne_waitForTheBatchInterval_insteadOfOneWriteEach(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(10, 1, 10, 10, 4000);
        Path file = dir.resolve("jsuperd.sock.procs");
        try (Ledger ledger = new Ledger(file, proc.table(), 10, Duration.ofMinutes(10))) {
            for (int pid = 100; pid < 120; pid++) {
                proc.add(pid, 10, pid, pid, 5000 + pid);
                ledger.add(pid, "web", pid - 99);
                // the next spawn comes once the writer has taken this one in and waits again
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.writerState() == Thread.State.TIMED_WAITING);
            }
            assertEquals(0, ledger.writes(), "20 spawns inside one batch interval of 10 minutes");
        }
    }

    /** Regression: every change rewrote the whole file (a new inode and 1000 lines per respawn among 1000). */
    @Test
    void aRespawn_appendsTwoLines_toTheSameFile_andTheFileReadsAsTheLiveSet(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(10, 1, 10, 10, 4000);
        for (int pid = 100; pid <= 300; pid++) {
            proc.add(pid, 10, pid, pid, 5000 + pid);
        }
        Path file = dir.resolve("jsuperd.sock.procs");
        try (Ledger ledger = new Ledger(file, proc.table(), 10, Duration.ofMillis(20))) {
            for (int pid = 100; pid < 300; pid++) {
                ledger.add(pid, "web", pid - 99);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(file)
                    .map(c -> c.entries().size() == 200).orElse(false));
            Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            long size = Files.size(file);

            ledger.remove(150); // pid 150 (web:51) was killed and respawned as pid 300
            ledger.add(300, "web", 51);
            await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(file)
                    .map(c -> c.entries().stream().anyMatch(e -> e.pid() == 300)).orElse(false));

            Ledger.Contents c = Ledger.read(file).orElseThrow();
            assertEquals(200, c.entries().size());
            assertFalse(c.entries().stream().anyMatch(e -> e.pid() == 150));
            assertTrue(c.entries().contains(new Ledger.Entry(300, 5300, "web", 51)));
            assertEquals(inode, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                    "appended to, not replaced");
            assertTrue(Files.size(file) - size < 40, "two short lines, not a rewrite: " + (Files.size(file) - size));
        }
    }

    @Test
    void manyChanges_compactTheFile_andItStillReadsAsTheLiveSet(@TempDir Path dir) throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc")).add(10, 1, 10, 10, 4000).add(20, 10, 20, 20, 4020);
        for (int pid = 1000; pid < 1300; pid++) {
            proc.add(pid, 10, pid, pid, 5000 + pid);
        }
        Path file = dir.resolve("jsuperd.sock.procs");
        try (Ledger ledger = new Ledger(file, proc.table(), 10, Duration.ofMillis(5))) {
            ledger.add(20, "db", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(file).map(c -> c.entries().size() == 1).orElse(false));
            for (int pid = 1000; pid < 1300; pid++) { // one process crash-looping through 300 pids
                ledger.add(pid, "web", 1);
                int added = pid;
                await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(file)
                        .map(c -> c.entries().stream().anyMatch(e -> e.pid() == added)).orElse(false));
                ledger.remove(pid);
            }
            ledger.add(1299, "web", 1); // the pid was reused for the last one
            await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(file).map(c -> c.entries().equals(List.of(
                    new Ledger.Entry(20, 4020, "db", 1), new Ledger.Entry(1299, 6299, "web", 1)))).orElse(false));
            assertTrue(Files.size(file) < 4000, "compacted now and then: " + Files.size(file) + " bytes");
        }
    }

    @Test
    void removalLines_andAReusedPid_readInOrder() {
        Ledger.Contents c = Ledger.parse("jsuperd-ledger 1\ndaemon 1 2\n200 6000 1 web\n201 6001 2 web\n-200\n"
                + "202 6002 1 web\n-201\n201 7001 2 web\n-202\n-999\n").orElseThrow();
        assertEquals(List.of(new Ledger.Entry(201, 7001, "web", 2)), c.entries());
    }
}
