package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** compress = true: rotated files become file.N.gz on the worker, with every line kept and in order. */
class RotatingFileSinkCompressTest {
    @TempDir
    Path dir;
    private final BackupCompressor compressor = new BackupCompressor();

    private static void write(RotatingFileSink sink, String text) {
        sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String gunzip(Path p) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(20)).until(compressor::idle);
    }

    @Test
    void rotatedFilesAreGzipped_noLineLostOrReordered() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = new RotatingFileSink(log, 100, 5).withCompression(compressor);
        for (int i = 0; i < 40; i++) {
            write(sink, String.format("line %04d\n", i)); // 10 bytes: 10 lines per file
        }
        awaitIdle();
        sink.close();
        List<String> lines = new ArrayList<>();
        for (int n = 3; n >= 1; n--) {
            assertFalse(Files.exists(dir.resolve("out.log." + n)), "plain backup deleted once gzipped: " + n);
            lines.addAll(gunzip(dir.resolve("out.log." + n + ".gz")).lines().toList());
        }
        lines.addAll(Files.readString(log).lines().toList());
        assertEquals(40, lines.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(String.format("line %04d", i), lines.get(i));
        }
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().contains("tmp")), "no temp file left");
        }
    }

    @Test
    void backupCountCountsGzippedFiles() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = new RotatingFileSink(log, 100, 2).withCompression(compressor);
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 10; i++) {
                write(sink, String.format("r%d l%04d\n", round, i)); // 9 bytes
            }
            awaitIdle(); // the next rotation meets gzipped backups
        }
        sink.close();
        assertTrue(Files.exists(dir.resolve("out.log.1.gz")));
        assertTrue(Files.exists(dir.resolve("out.log.2.gz")));
        try (var listing = Files.list(dir)) {
            assertEquals(3, listing.count(), "current file + 2 backups, whatever their form");
        }
    }

    @Test
    void totalSizeRetention_countsTheGzippedSize() throws Exception {
        Path log = dir.resolve("out.log");
        // Repetitive lines compress well: gzipped, many more backups fit in the total than plain ones would.
        RotatingFileSink sink = new RotatingFileSink(log, 1000, 10).withMaxTotalBytes(1500).withCompression(compressor);
        for (int round = 0; round < 5; round++) {
            write(sink, "a".repeat(99) + "\n");
            for (int i = 0; i < 9; i++) {
                write(sink, "a".repeat(99) + "\n");
            }
            awaitIdle();
        }
        write(sink, "last\n");
        awaitIdle();
        sink.close();
        assertTrue(Files.exists(dir.resolve("out.log.4.gz")), "4 small gzipped backups fit in 500 bytes");
    }

    @Test
    void plainBackupsLeftByACrash_areCompressedWhenTheFileOpens() throws Exception {
        Path log = dir.resolve("out.log");
        Files.writeString(dir.resolve("out.log.1"), "newer\n");
        Files.writeString(dir.resolve("out.log.2"), "older\n");
        Files.writeString(dir.resolve(".out.log.gz-tmp"), "half a gzip stream");
        RotatingFileSink sink = new RotatingFileSink(log, 100, 5).withCompression(compressor);
        sink.reopen();
        awaitIdle();
        sink.close();
        assertEquals("newer\n", gunzip(dir.resolve("out.log.1.gz")));
        assertEquals("older\n", gunzip(dir.resolve("out.log.2.gz")));
        assertFalse(Files.exists(dir.resolve(".out.log.gz-tmp")));
        assertEquals(2, compressor.compressedFiles());
    }

    @Test
    void aBackupRenumberedOrGoneMeanwhile_isNotReplacedWrongly() throws Exception {
        Path plain = dir.resolve("out.log.1");
        Files.writeString(plain, "content\n");
        Object lock = new Object();
        BackupCompressor.Job job = new BackupCompressor.Job(dir, "out.log", 3, lock);
        // gone before the swap: a different file now sits at file.1
        SafeLogOpen.Reading opened = SafeLogOpen.openForReadingWithKey(plain);
        opened.channel().close();
        Files.delete(plain);
        Files.writeString(plain, "another file\n");
        assertTrue(compressor.compressOne(job, plain), "the new file.1 is compressed itself");
        assertEquals("another file\n", gunzip(dir.resolve("out.log.1.gz")));
    }
}
