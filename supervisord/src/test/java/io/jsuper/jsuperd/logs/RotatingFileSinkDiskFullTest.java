package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Disk full on a real (tiny) tmpfs: output is dropped and counted, and capture resumes by itself. Needs root. */
class RotatingFileSinkDiskFullTest {

    @TempDir
    Path tmp;
    private Path mount;
    private long now;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        assumeTrue("0".equals(run("id", "-u").strip()), "skipped: mounting a tmpfs needs root");
        mount = Files.createDirectory(tmp.resolve("small"));
        assertEquals("", run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return new String(p.getInputStream().readAllBytes());
    }

    private static void write(OutputSink sink, byte[] bytes) {
        ByteBuffer chunk = ByteBuffer.wrap(bytes);
        sink.write(chunk);
        assertFalse(chunk.hasRemaining(), "a sink consumes the whole chunk, also on a full disk");
    }

    @Test
    void fullDisk_dropsAndCounts_thenResumesByItselfAfterTheBackoff() throws IOException {
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[48 * 1024]);
        Path log = mount.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0, -1, () -> now);
        byte[] line = ("y".repeat(1023) + "\n").getBytes();
        long written = 0;
        for (int i = 0; i < 64 && sink.droppedBytes() == 0; i++) {
            write(sink, line);
            written += line.length;
        }
        long droppedAtFull = sink.droppedBytes();
        assertTrue(droppedAtFull > 0, "the disk filled up");
        write(sink, line); // inside the backoff: dropped without trying
        assertEquals(droppedAtFull + line.length, sink.droppedBytes());

        Files.delete(filler);
        write(sink, line); // space is back, but the backoff has not elapsed yet
        assertEquals(droppedAtFull + 2L * line.length, sink.droppedBytes());
        now += DropTracker.MAX_RETRY_NANOS;
        long before = Files.size(log);
        write(sink, "back\n".getBytes());
        assertEquals(droppedAtFull + 2L * line.length, sink.droppedBytes(), "nothing more dropped");
        assertEquals(before + 5, Files.size(log));
        assertTrue(Files.readString(log).endsWith("back\n"));
        sink.close();
        assertTrue(written > 0);
    }

    @Test
    void backoff_growsWhileTheDiskStaysFull_butNeverBeyondOneSecond() throws IOException {
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[60 * 1024]);
        RotatingFileSink sink = new RotatingFileSink(mount.resolve("app.log"), 0, 0, -1, () -> now);
        byte[] big = new byte[16 * 1024];
        write(sink, big);
        for (int i = 0; i < 20; i++) {
            now += DropTracker.MAX_RETRY_NANOS;
            write(sink, big);
        }
        long dropped = sink.droppedBytes();
        Files.delete(filler);
        now += DropTracker.MAX_RETRY_NANOS;
        write(sink, "ok\n".getBytes());
        assertEquals(dropped, sink.droppedBytes(), "resumed within one maximum backoff of space returning");
        sink.close();
    }
}
