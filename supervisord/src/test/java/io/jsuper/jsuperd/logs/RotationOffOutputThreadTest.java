package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What rotation leaves to the {@link LogFileWorker}: freeing the dropped backup (its last descriptor is closed
 * there), and creating a chatty stream's next file ahead of time under a hidden name.
 */
class RotationOffOutputThreadTest {

    @TempDir
    Path tmp;
    private final LogFileWorker worker = new LogFileWorker();
    private final CountDownLatch paused = new CountDownLatch(1);

    @AfterEach
    void resume() {
        paused.countDown();
    }

    private static void write(OutputSink sink, String text) {
        ByteBuffer chunk = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        sink.write(chunk);
        assertFalse(chunk.hasRemaining());
    }

    /** Lines "n\n" from {@code from} (inclusive) until the text has at least {@code bytes} bytes. */
    private static String lines(int from, int bytes, int[] nextOut) {
        StringBuilder sb = new StringBuilder();
        int n = from;
        while (sb.length() < bytes) {
            sb.append(n++).append('\n');
        }
        nextOut[0] = n;
        return sb.toString();
    }

    /** Descriptors of this process on files under the temp dir that have no name any more. */
    private List<String> heldDeleted() throws IOException {
        List<String> held = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(tmp.toString()) && target.endsWith("(deleted)")) {
                        held.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return held;
    }

    private void checkLinesInOrder(Path log, int backups, int last) throws IOException {
        long expected = 0;
        for (int i = backups; i >= 0; i--) {
            Path f = i == 0 ? log : log.resolveSibling(log.getFileName() + "." + i);
            if (!Files.exists(f)) {
                continue;
            }
            for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                long n = Long.parseLong(line);
                assertTrue(expected == 0 || n == expected + 1, "line " + n + " after " + expected + " in " + f);
                expected = n;
            }
        }
        assertEquals(last - 1, expected);
    }

    @Test
    void droppedBackup_isFreedByTheWorker_whileItsNameIsAlreadyGone() throws Exception {
        worker.submit(() -> awaitQuietly(paused)); // the worker does nothing until the test lets it
        Path log = tmp.resolve("w.log");
        RotatingFileSink sink = new RotatingFileSink(log, 1000, 2).withFileWorker(worker);
        int[] next = {1};
        for (int round = 0; round < 5; round++) {
            write(sink, lines(next[0], 900, next));
        }
        assertTrue(Files.exists(log.resolveSibling("w.log.2")));
        assertFalse(Files.exists(log.resolveSibling("w.log.3")));
        assertFalse(heldDeleted().isEmpty(), "the dropped backups wait for the worker: " + heldDeleted());

        paused.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> heldDeleted().isEmpty());
        sink.close();
        checkLinesInOrder(log, 2, next[0]);
    }

    @Test
    void chattyStream_rotatesIntoItsPreparedFile_andClosingDeletesTheSpare() throws Exception {
        Path log = tmp.resolve("c.log");
        Path spare = tmp.resolve(".c.log.next");
        RotatingFileSink sink = new RotatingFileSink(log, 300_000, 3).withFileWorker(worker);
        int[] next = {1};
        write(sink, lines(next[0], 70_000, next)); // one chunk of 64 KiB or more: the stream is chatty
        await().atMost(Duration.ofSeconds(20)).until(worker::idle);
        assertTrue(Files.exists(spare, LinkOption.NOFOLLOW_LINKS));
        Object prepared = Files.getAttribute(spare, "unix:ino", LinkOption.NOFOLLOW_LINKS);

        write(sink, lines(next[0], 280_000, next)); // past max_bytes: rotates
        assertTrue(Files.exists(log.resolveSibling("c.log.1")));
        assertEquals(prepared, Files.getAttribute(log, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                "the new current file is the one prepared");
        await().atMost(Duration.ofSeconds(20)).until(worker::idle);
        assertNotEquals(prepared, Files.getAttribute(spare, "unix:ino", LinkOption.NOFOLLOW_LINKS));

        sink.close();
        await().atMost(Duration.ofSeconds(20)).until(worker::idle);
        assertFalse(Files.exists(spare, LinkOption.NOFOLLOW_LINKS));
        checkLinesInOrder(log, 3, next[0]);
    }

    @Test
    void spareLeftByACrash_isReplaced_neverWrittenInto() throws Exception {
        Path log = tmp.resolve("s.log");
        Path spare = tmp.resolve(".s.log.next");
        Files.writeString(spare, "999999999\n"); // what a crash could leave (here: with content it must not keep)
        RotatingFileSink sink = new RotatingFileSink(log, 300_000, 3).withFileWorker(worker);
        int[] next = {1};
        write(sink, lines(next[0], 70_000, next));
        await().atMost(Duration.ofSeconds(20)).until(worker::idle);
        assertEquals(0, Files.size(spare));
        write(sink, lines(next[0], 280_000, next));
        assertTrue(Files.exists(log.resolveSibling("s.log.1")));
        sink.close();
        checkLinesInOrder(log, 3, next[0]);
    }

    @Test
    void quietStream_preparesNoSpareFile() throws Exception {
        Path log = tmp.resolve("q.log");
        RotatingFileSink sink = new RotatingFileSink(log, 1000, 2).withFileWorker(worker);
        int[] next = {1};
        for (int round = 0; round < 4; round++) {
            write(sink, lines(next[0], 900, next));
        }
        await().atMost(Duration.ofSeconds(20)).until(worker::idle); // (it frees the dropped backups)
        assertFalse(Files.exists(tmp.resolve(".q.log.next"), LinkOption.NOFOLLOW_LINKS));
        sink.close();
        checkLinesInOrder(log, 2, next[0]);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
