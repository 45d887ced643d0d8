package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.NativeFixture;
import io.jsuper.jsuperd.os.NativeFixture.Child;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jsuper.jsuperd.os.NativeFixture.sh;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capture by splice(2): a chatty child's lines all arrive, in order, rotated at line boundaries. */
class RotatingFileSinkSpliceTest {

    private static final int LINES = 2_000_000; // seq 1..N: 14.9 MB
    private static final long TOTAL = seqBytes(LINES);
    private static final long MAX_BYTES = 3_000_000 + RotatingFileSink.SPLICE_MARGIN;

    @TempDir
    Path dir;
    private final List<Integer> started = new ArrayList<>();
    private final List<RotatingFileSink> sinks = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        NativeFixture.killAll(started);
        sinks.forEach(s -> NativeFixture.PUMP.execute(s::close));
    }

    private static long seqBytes(int n) {
        long bytes = 0;
        for (int digits = 1, from = 1; from <= n; digits++, from *= 10) {
            bytes += (long) (Math.min(n, from * 10L - 1) - from + 1) * (digits + 1);
        }
        return bytes;
    }

    /** Writes 1 MiB blocks, so the pipe fills and the stream counts as chatty. */
    private Child chattySeq(RotatingFileSink sink) throws Exception {
        sinks.add(sink);
        return NativeFixture.spawn(sh("seq 1 " + LINES + " | dd bs=1048576 iflag=fullblock status=none"), started, false,
                NativeFixture.PUMP, sink);
    }

    @Test
    void splicedOutput_keepsEveryLineInOrder_andRotatesAtLineBoundaries() throws Exception {
        Path log = dir.resolve("w.log");
        RotatingFileSink sink = new RotatingFileSink(log, MAX_BYTES, 10).withSplice(true);
        Child c = chattySeq(sink);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedBytes() == TOTAL);
        NativeFixture.PUMP.execute(sink::close);

        assertTrue(sink.splicedBytes() > TOTAL / 2, "most bytes were spliced: " + sink.splicedBytes());
        List<Path> files = new ArrayList<>();
        for (int i = 10; i >= 1; i--) {
            if (Files.exists(dir.resolve("w.log." + i))) {
                files.add(dir.resolve("w.log." + i));
            }
        }
        files.add(log);
        assertTrue(files.size() >= 4, "rotated: " + files);
        long next = 1;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertTrue(bytes.length <= MAX_BYTES, f + " is within max_bytes");
            assertEquals('\n', bytes[bytes.length - 1], f + " ends at a line boundary");
            for (String line : new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                assertEquals(Long.toString(next), line, "line " + next + " in " + f);
                next++;
            }
        }
        assertEquals(LINES + 1, next);
        assertEquals(0, sink.droppedBytes());
        // Only the read that showed the stream is chatty (up to 1 MiB) goes through the JVM before splicing starts
        // (it once waited for the first rotation: the whole first file was read), then only the margin and the line
        // crossing each rotation point (before: 1 MiB or more each).
        long read = TOTAL - sink.splicedBytes();
        long bound = EpollOutputPump.CHUNK + (files.size() - 1) * 128L * 1024;
        assertTrue(read <= bound, "read through the JVM: " + read + " bytes, at most " + bound);
    }

    @Test
    void withoutSplice_theSameOutputIsWritten() throws Exception {
        Path log = dir.resolve("plain.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
        Child c = chattySeq(sink);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedBytes() == TOTAL);
        assertEquals(0, sink.splicedBytes());
        await().until(() -> Files.size(log) == TOTAL);
    }

    @Test
    void copytruncate_whileSplicing_leavesNoHole() throws Exception {
        Path log = dir.resolve("t.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0).withSplice(true);
        sinks.add(sink);
        // A chatty first burst makes the stream splice after a reopen (as after an external logrotate).
        Child c = NativeFixture.spawn(sh("yes xxxxxxxxx | head -c 4000000 | dd bs=1048576 iflag=fullblock status=none;"
                + " n=0; while [ ! -e " + dir.resolve("go") + " ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done;"
                + " seq 1 300000 | dd bs=1048576 iflag=fullblock status=none"),
                started, false, NativeFixture.PUMP, sink);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedBytes() == 4_000_000);
        NativeFixture.PUMP.execute(sink::reopen);
        try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0); // copytruncate's truncation
        }
        writeGo();
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        long seq = seqBytes(300_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedBytes() == 4_000_000 + seq);
        assertTrue(sink.splicedBytes() > 0, "spliced after the reopen");
        byte[] bytes = Files.readAllBytes(log);
        assertEquals(seq, bytes.length, "no hole where the truncated bytes were");
        assertEquals("1\n2\n", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void writeGo() throws IOException {
        Files.writeString(dir.resolve("go"), "go\n");
    }
}
