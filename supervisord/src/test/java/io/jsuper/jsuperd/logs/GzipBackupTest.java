package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The backups' gzip format: standard gzip, plus the plain file's identity and size in the header. */
class GzipBackupTest {
    @TempDir
    Path dir;

    private static final FileId ID = new FileId(0xfe00L, 123456789L, 1_795_799_012_322_807_934L);

    private Path written(String text) throws IOException {
        Path gz = dir.resolve("a.log.1.gz");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(gz, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertEquals(bytes.length, GzipBackup.write(new ByteArrayInputStream(bytes), out,
                    new GzipBackup.Origin(ID, bytes.length)));
        }
        return gz;
    }

    @Test
    void anyGzipReader_readsIt_andTheHeaderNamesThePlainFile() throws IOException {
        String text = "one\ntwo\n".repeat(10_000);
        Path gz = written(text);
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertEquals(text, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (FileChannel ch = FileChannel.open(gz)) {
            assertEquals(new GzipBackup.Origin(ID, text.length()), GzipBackup.origin(ch));
        }
        if (Files.isExecutable(Path.of("/bin/gzip"))) {
            assertEquals(0, exitOf(new ProcessBuilder("/bin/gzip", "-t", gz.toString())), "gzip -t");
        }
    }

    @Test
    void aGzipWithoutTheField_hasNoOrigin() throws IOException {
        Path gz = dir.resolve("b.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("plain gzip\n".getBytes(StandardCharsets.UTF_8));
        }
        try (FileChannel ch = FileChannel.open(gz)) {
            assertNull(GzipBackup.origin(ch));
        }
    }

    @Test
    void theReader_readsFromAnyOffset_forwardAndBack() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(String.format("%09d\n", i));
        }
        String text = sb.toString();
        Path gz = written(text);
        FileChannel ch = FileChannel.open(gz);
        try (FollowedFile f = GzipBackup.reader(ch, GzipBackup.origin(ch), gz)) {
            assertEquals(text.length(), f.size());
            assertTrue(f.complete());
            assertEquals(text.substring(400_000, 400_010), read(f, 400_000, 10), "skips forward");
            assertEquals(text.substring(10, 30), read(f, 10, 20), "starts over for an earlier offset");
            assertEquals(text.substring(499_990), read(f, 499_990, 100), "the last line, no more");
            assertEquals(-1, f.read(ByteBuffer.allocate(10), text.length()));
        }
        assertFalse(ch.isOpen());
    }

    private static String read(FollowedFile f, long at, int max) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(max);
        while (buf.hasRemaining() && f.read(buf, at + buf.position()) > 0) {
            // fill
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static int exitOf(ProcessBuilder pb) throws IOException {
        Process p = pb.inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
