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
}
