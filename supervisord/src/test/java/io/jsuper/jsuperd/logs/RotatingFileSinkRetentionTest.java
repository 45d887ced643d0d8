package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** max_total_bytes: the oldest backups go first, so one chatty program cannot fill the disk through its backups. */
class RotatingFileSinkRetentionTest {
    @TempDir
    Path dir;

    @Test
    void backupsStayWithinTheTotal_oldestDeletedFirst() throws Exception {
        Path log = dir.resolve("out.log");
        // 10-byte files, up to 10 backups by count, but 40 bytes in total: the current file + 3 backups
        RotatingFileSink sink = new RotatingFileSink(log, 10, 10).withMaxTotalBytes(40);
        for (int i = 0; i < 20; i++) {
            sink.write(ByteBuffer.wrap(String.format("line%04d\n", i).getBytes(StandardCharsets.UTF_8))); // 9 bytes
        }
        sink.close();
        assertTrue(Files.exists(dir.resolve("out.log.3")));
        assertFalse(Files.exists(dir.resolve("out.log.4")), "pruned beyond the total");
        long total = 0;
        for (int i = 1; i <= 3; i++) {
            total += Files.size(dir.resolve("out.log." + i));
        }
        assertTrue(total <= 30, "backups within max_total_bytes - max_bytes: " + total);
        assertEquals("line0018\n", Files.readString(dir.resolve("out.log.1")), "the newest backups are kept");
    }

    @Test
    void withoutATotal_theCountAloneDecides() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = new RotatingFileSink(log, 10, 5);
        for (int i = 0; i < 20; i++) {
            sink.write(ByteBuffer.wrap(String.format("line%04d\n", i).getBytes(StandardCharsets.UTF_8)));
        }
        sink.close();
        assertTrue(Files.exists(dir.resolve("out.log.5")));
        assertFalse(Files.exists(dir.resolve("out.log.6")));
    }

    private static void lines(RotatingFileSink sink, String tag, int from, int count) {
        for (int i = from; i < from + count; i++) {
            sink.write(ByteBuffer.wrap(String.format("%s%07d\n", tag, i).getBytes(StandardCharsets.UTF_8))); // 9 bytes
        }
    }

    private long backupsTotal(String... names) throws Exception {
        long total = 0;
        for (String name : names) {
            for (int i = 1; i <= 10; i++) {
                Path b = dir.resolve(name + "." + i);
                if (Files.exists(b)) {
                    total += Files.size(b);
                }
            }
        }
        return total;
    }

    @Test
    void acrossAWatchersProcesses_theOldestBackupsOfAnyProcessGoFirst() throws Exception {
        // Two processes of one watcher: 10-byte files, 10 backups each by count, 60 bytes for the whole watcher:
        // 2 x 10 for the current files, 40 for all backups together.
        RetentionGroup group = new RetentionGroup(60, 10, 10);
        RotatingFileSink quiet = new RotatingFileSink(dir.resolve("w-1.log"), 10, 10).withMaxTotalBytes(60).inRetentionGroup(group);
        RotatingFileSink chatty = new RotatingFileSink(dir.resolve("w-2.log"), 10, 10).withMaxTotalBytes(60).inRetentionGroup(group);
        lines(quiet, "q", 0, 3); // two rotations: w-1.log.1, w-1.log.2
        lines(chatty, "c", 0, 1);
        for (int i = 1; i <= 2; i++) { // the quiet process's backups are older than anything the chatty one makes
            Files.setLastModifiedTime(dir.resolve("w-1.log." + i),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L * (3 - i)));
        }
        lines(chatty, "c", 1, 3); // three rotations: 3 backups of 9 bytes, with the quiet one's 2: 45 > 40
        assertFalse(Files.exists(dir.resolve("w-1.log.2")), "the oldest backup of the watcher went first, from the quiet process");
        assertTrue(Files.exists(dir.resolve("w-1.log.1")), "only as many as needed");
        assertTrue(backupsTotal("w-1.log", "w-2.log") <= 40, "within the watcher's budget");
        lines(chatty, "c", 4, 10);
        assertFalse(Files.exists(dir.resolve("w-1.log.1")), "the quiet process's last backup was older than the chatty one's");
        assertTrue(backupsTotal("w-1.log", "w-2.log") <= 40, "within the watcher's budget");
        assertEquals("c0000013\n", Files.readString(dir.resolve("w-2.log")), "the current file is never pruned");
        assertEquals("c0000012\n", Files.readString(dir.resolve("w-2.log.1")), "the newest backups are kept");
        for (int i = 1; i <= 4; i++) {
            assertTrue(Files.exists(dir.resolve("w-2.log." + i)), "no gap in the chatty process's numbering: .1 to .4 kept");
        }
        quiet.close();
        chatty.close();
    }

    @Test
    void aProcessThatLeaves_givesItsCurrentFilesShareBack() throws Exception {
        RetentionGroup group = new RetentionGroup(60, 10, 10);
        RotatingFileSink a = new RotatingFileSink(dir.resolve("a.log"), 10, 10).inRetentionGroup(group);
        RotatingFileSink b = new RotatingFileSink(dir.resolve("b.log"), 10, 10).inRetentionGroup(group);
        lines(a, "a", 0, 1);
        lines(b, "b", 0, 1);
        assertEquals(40, group.backupBudget());
        b.close();
        assertEquals(50, group.backupBudget());
        a.close();
    }
}
