package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.config.TimeRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Time-based rotation on a manual wall clock: at line boundaries, alone or with size rotation. */
class RotatingFileSinkTimeTest {
    @TempDir
    Path dir;
    private final AtomicLong wall = new AtomicLong(1_000_000);

    private RotatingFileSink sink(Path log, long maxBytes) {
        return new RotatingFileSink(log, maxBytes, 5, -1, new TimeRotation("S", 10, true), System::nanoTime, wall::get);
    }

    private static void write(RotatingFileSink sink, String text) {
        sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p);
    }

    @Test
    void rotatesWhenThePeriodEnds_carryingAStartedLine() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = sink(log, 0);
        write(sink, "one\ntw");
        wall.addAndGet(9_999);
        write(sink, "o\n");
        assertFalse(Files.exists(dir.resolve("out.log.1")), "not yet");
        write(sink, "thr");
        wall.addAndGet(1);
        write(sink, "ee\nfour\n");
        assertEquals("one\ntwo\n", read(dir.resolve("out.log.1")));
        assertEquals("three\nfour\n", read(log), "the started line moved with the rotation");
        sink.close();
    }

    @Test
    void anEmptyFile_isNotRotated_andTheNextPeriodStarts() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = sink(log, 0);
        sink.reopen();
        wall.addAndGet(60_000);
        write(sink, "first\n");
        assertFalse(Files.exists(dir.resolve("out.log.1")));
        wall.addAndGet(10_000);
        write(sink, "second\n");
        assertEquals("first\n", read(dir.resolve("out.log.1")));
        assertEquals("second\n", read(log));
        sink.close();
    }

    @Test
    void sizeAndTimeTogether() throws Exception {
        Path log = dir.resolve("out.log");
        RotatingFileSink sink = sink(log, 10);
        write(sink, "aaaa\nbbbb\ncccc\n"); // size: aaaa+bbbb, then cccc
        wall.addAndGet(10_000);
        write(sink, "dd\n");
        assertEquals("aaaa\nbbbb\n", read(dir.resolve("out.log.2")));
        assertEquals("cccc\n", read(dir.resolve("out.log.1")));
        assertEquals("dd\n", read(log));
        sink.close();
    }
}
