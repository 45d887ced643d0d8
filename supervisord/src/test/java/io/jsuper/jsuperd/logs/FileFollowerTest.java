package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** tail -F semantics of one followed file: appends, rotation by rename, truncation, falling behind. */
class FileFollowerTest {
    @TempDir
    Path dir;

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String text(FileFollower.Chunk c) {
        return new String(c.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void followsAppends_wholeLinesOnly_fromTheEndItStartedAt() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "old\n");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            assertEquals(4, f.startAtEnd());
            assertTrue(f.poll(1024).isEmpty());
            append(log, "one\ntw");
            assertEquals("one\n", text(f.poll(1024)));
            assertTrue(f.poll(1024).isEmpty(), "half a line waits");
            append(log, "o\n");
            assertEquals("two\n", text(f.poll(1024)));
        }
    }

    @Test
    void finishesTheRotatedFile_thenMovesToTheNewOne() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, "before\n");
            Files.move(log, dir.resolve("a.log.1"));
            append(dir.resolve("a.log.1"), "late\n"); // the writer still had the old file open
            append(log, "after\n");
            assertEquals("before\nlate\n", text(f.poll(1024)));
            assertEquals("after\n", text(f.poll(1024)));
        }
    }

    @Test
    void aTruncatedFile_isFollowedFromItsStart_withANote() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "aaaa\nbbbb\n");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            Files.write(log, new byte[0]);
            append(log, "new\n");
            FileFollower.Chunk c = f.poll(1024);
            assertTrue(c.truncated());
            assertEquals("new\n", text(c));
        }
    }

    /** What rotation by the sink does: current to .1, .1 to .2 …, the oldest beyond {@code keep} deleted. */
    private void rotate(Path log, int keep) throws IOException {
        Files.deleteIfExists(dir.resolve(log.getFileName() + "." + keep));
        Files.deleteIfExists(dir.resolve(log.getFileName() + "." + keep + ".gz"));
        for (int i = keep - 1; i >= 1; i--) {
            for (String gz : new String[] {"", ".gz"}) {
                Path from = dir.resolve(log.getFileName() + "." + i + gz);
                if (Files.exists(from)) {
                    Files.move(from, dir.resolve(log.getFileName() + "." + (i + 1) + gz));
                }
            }
        }
        Files.move(log, dir.resolve(log.getFileName() + ".1"));
        append(log, "");
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(String.format("%09d\n", i)); // 10 bytes a line
        }
        return sb.toString();
    }

    private static String drain(FileFollower f, int chunk) throws IOException {
        StringBuilder got = new StringBuilder();
        for (int polls = 0; polls < 10_000; polls++) {
            FileFollower.Chunk c = f.poll(chunk);
            if (c.isEmpty()) {
                return got.toString();
            }
            assertEquals(0, c.skipped(), "nothing skipped while it is on disk");
            assertFalse(c.lostUnknown());
            got.append(text(c));
        }
        throw new AssertionError("never drained");
    }

    @Test
    void aFollowerFarBehind_readsEveryRotatedFile_inOrder_wheverRotationMovedIt() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 100));
            assertEquals(lines(0, 10), text(f.poll(100)), "reading the first file, chunk by chunk");
            for (int r = 1; r <= 4; r++) { // four rotations while it reads nothing
                rotate(log, 10);
                f.track();
                append(log, lines(r * 100, r * 100 + 100));
            }
            assertTrue(f.behind());
            assertEquals(lines(10, 500), drain(f, 100), "the rest of a.log.4, then .3, .2, .1 and a.log");
            assertFalse(f.behind());
        }
    }

    @Test
    void rotationsBetweenTwoPolls_areFoundAmongTheBackupsByInode() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 10));
            for (int r = 1; r <= 3; r++) { // no poll and no track in between: only the listing tells the order
                rotate(log, 10);
                append(log, lines(r * 10, r * 10 + 10));
            }
            assertEquals(lines(0, 40), drain(f, 1 << 20));
        }
    }

    @Test
    void aBackupDeletedBeforeItWasRead_isSkipped_andItsSizeSaid() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 10));
            rotate(log, 3);
            append(log, lines(10, 20));
            f.track(); // knows a.log (now a.log.1) holds lines 10..19
            rotate(log, 3);
            append(log, lines(20, 30));
            f.track();
            assertEquals(lines(0, 10), text(f.poll(1 << 20)), "the held file is read through its descriptor");
            Files.delete(dir.resolve("a.log.1")); // lines 10..19, gone before the follower got there
            FileFollower.Chunk c = f.poll(1 << 20);
            assertEquals(100, c.skipped());
            assertEquals(lines(20, 30), text(c));
        }
    }

    @Test
    void theHeldFile_isReadToItsEnd_evenAfterItWasDeleted() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 50));
            assertEquals(lines(0, 5), text(f.poll(50)));
            rotate(log, 1);
            append(log, lines(50, 60));
            f.track();
            Files.delete(dir.resolve("a.log.1"));
            assertEquals(lines(5, 60), drain(f, 50));
        }
    }

    @Test
    void anEmptyNewFile_doesNotEndTheOldOne_untilItHoldsData() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            Files.move(log, dir.resolve("a.log.1")); // logrotate's create: rename, new empty file, then SIGUSR2
            append(log, "");
            assertTrue(f.poll(1024).isEmpty());
            append(dir.resolve("a.log.1"), "written before the reopen\n");
            append(log, "after the reopen\n");
            assertEquals("written before the reopen\n", text(f.poll(1024)));
            assertEquals("after the reopen\n", text(f.poll(1024)));
        }
    }

    @Test
    void aFileThatAppearsAndRotatesBeforeTheFirstPoll_isFollowedFromItsFirstLine_butNotOldBackups() throws IOException {
        Path log = dir.resolve("a.log");
        append(dir.resolve("a.log.1"), "from an earlier run\n");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            assertEquals(0, f.startAtEnd());
            append(log, lines(0, 10));
            rotate(log, 10);
            append(log, lines(10, 20));
            rotate(log, 10);
            append(log, lines(20, 30));
            assertEquals(lines(0, 30), drain(f, 1 << 20));
        }
    }

    @Test
    void aFileThatAppearsLater_isFollowedFromItsStart() throws IOException {
        Path log = dir.resolve("late.log");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            assertEquals(0, f.startAtEnd());
            assertTrue(f.poll(1024).isEmpty());
            append(log, "hello\n");
            assertEquals("hello\n", text(f.poll(1024)));
        }
    }

    /** What compress = true does to backup {@code n}: the compressor's own swap of a.log.n for a.log.n.gz. */
    private void compress(Path log, int n) throws IOException {
        BackupCompressor.Job job = new BackupCompressor.Job(dir, log.getFileName().toString(), 10, new Object());
        assertTrue(new BackupCompressor().compressOne(job, dir.resolve(log.getFileName() + "." + n)));
        assertFalse(Files.exists(dir.resolve(log.getFileName() + "." + n)));
    }

    /** Regression (issue 11): backups gzipped before the follower got to them were skipped (plain files only). */
    @Test
    void aFollowerFarBehind_readsTheBackupsGzippedMeanwhile_inOrder() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 100));
            assertEquals(lines(0, 10), text(f.poll(100)), "reading the first file, chunk by chunk");
            for (int r = 1; r <= 4; r++) { // four rotations while it reads nothing; each backup gzipped at once
                rotate(log, 10);
                f.track();
                append(log, lines(r * 100, r * 100 + 100));
                compress(log, 1);
            }
            assertTrue(Files.exists(dir.resolve("a.log.4.gz")) && Files.exists(dir.resolve("a.log.1.gz")));
            assertTrue(f.behind());
            assertEquals(lines(10, 500), drain(f, 100), "the held file, then a.log.3.gz, .2.gz, .1.gz and a.log");
            assertFalse(f.behind());
        }
    }

    @Test
    void rotationsAndCompressionBetweenTwoPolls_areFoundByTheInodeTheGzipHeaderNames() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 10));
            assertEquals(lines(0, 5), text(f.poll(50)));
            for (int r = 1; r <= 3; r++) { // no poll and no track: only the listing and the headers tell the order
                rotate(log, 10);
                append(log, lines(r * 10, r * 10 + 10));
            }
            for (int n = 3; n >= 1; n--) {
                compress(log, n); // even the file the follower holds: it reads on through its descriptor
            }
            assertEquals(lines(5, 40), drain(f, 1 << 20));
        }
    }

    @Test
    void aGzippedBackupDeletedBeforeItWasRead_isSkipped_andItsUncompressedSizeSaid() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            append(log, lines(0, 10));
            rotate(log, 3);
            append(log, lines(10, 20));
            rotate(log, 3);
            append(log, lines(20, 30));
            compress(log, 1); // lines 10..19
            f.track(); // knows them only as a.log.1.gz
            Files.delete(dir.resolve("a.log.1.gz"));
            assertEquals(lines(0, 10), text(f.poll(1 << 20)));
            FileFollower.Chunk c = f.poll(1 << 20);
            assertEquals(100, c.skipped(), "the size the header names, not the .gz's");
            assertEquals(lines(20, 30), text(c));
        }
    }

    @Test
    void aDamagedGzippedBackup_isLeftWithWhatItHeldToldAsSkipped() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(new LogFileSet(log))) {
            f.startAtEnd();
            rotate(log, 3);
            append(log, lines(0, 1000));
            rotate(log, 3);
            append(log, lines(1000, 1010));
            f.track();
            compress(log, 1);
            Path gz = dir.resolve("a.log.1.gz");
            byte[] whole = Files.readAllBytes(gz);
            Files.write(gz, Arrays.copyOf(whole, whole.length / 2)); // cut in the middle (same inode)
            StringBuilder got = new StringBuilder();
            long skipped = 0;
            for (int polls = 0; polls < 100 && !got.toString().endsWith(lines(1000, 1010)); polls++) {
                FileFollower.Chunk c = f.poll(1 << 20);
                skipped += c.skipped();
                got.append(text(c));
            }
            assertTrue(got.toString().endsWith(lines(1000, 1010)), "goes on with the next file");
            assertEquals(10_000, got.length() - lines(1000, 1010).length() + skipped, "every byte read or counted");
        }
    }
}
