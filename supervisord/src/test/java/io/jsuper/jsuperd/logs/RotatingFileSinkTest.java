package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotatingFileSinkTest {

    @TempDir
    Path tmp;

    private static void write(OutputSink sink, String text) {
        ByteBuffer chunk = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        sink.write(chunk);
        assertFalse(chunk.hasRemaining(), "a sink consumes the whole chunk");
    }

    /** Writes {@code text} in random chunk sizes (1..maxChunk bytes). */
    private static void writeInRandomChunks(OutputSink sink, String text, Random random, int maxChunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(maxChunk));
            sink.write(ByteBuffer.wrap(bytes, at, n).slice());
            at += n;
        }
    }

    /** Oldest backup first, current file last. */
    private List<Path> filesInOrder(Path log, int backups) {
        List<Path> files = new ArrayList<>();
        for (int i = backups; i >= 1; i--) {
            Path p = log.resolveSibling(log.getFileName() + "." + i);
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        files.add(log);
        return files;
    }

    private static String numberedLines(int from, int to, Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("line ").append(i).append(' ').append("x".repeat(random.nextInt(40))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void rotation_keepsEveryLineWholeAndInOrder() throws IOException {
        Random random = new Random(42);
        Path log = tmp.resolve("sub/dir/app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 200, 1000);
        String text = numberedLines(0, 2000, random);
        writeInRandomChunks(sink, text, random, 300);
        sink.close();

        StringBuilder all = new StringBuilder();
        for (Path p : filesInOrder(log, 1000)) {
            String content = Files.readString(p);
            assertTrue(Files.size(p) <= 200, p + " is " + Files.size(p) + " bytes");
            assertTrue(content.isEmpty() || content.endsWith("\n"), p + " ends mid-line: " + content);
            all.append(content);
        }
        assertEquals(text, all.toString());
    }

    @Test
    void rotation_honoursBackupCount_andKeepsTheNewestLines() throws IOException {
        Random random = new Random(7);
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 300, 3);
        String text = numberedLines(0, 500, random);
        writeInRandomChunks(sink, text, random, 100);
        sink.close();

        assertTrue(Files.exists(tmp.resolve("app.log.3")));
        assertFalse(Files.exists(tmp.resolve("app.log.4")));
        try (var files = Files.list(tmp)) {
            assertEquals(4, files.count());
        }
        StringBuilder retained = new StringBuilder();
        for (Path p : filesInOrder(log, 3)) {
            String content = Files.readString(p);
            assertTrue(content.endsWith("\n"));
            retained.append(content);
        }
        assertTrue(retained.toString().startsWith("line "), "starts at a line boundary");
        assertTrue(text.endsWith(retained.toString()), "retained lines are the newest, complete and in order");
        assertTrue(retained.toString().endsWith("line 499 " + text.substring(text.lastIndexOf("line 499 ") + 9)));
    }

    @Test
    void overlongLine_isSplitAcrossFiles() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 100, 10);
        String longLine = "L".repeat(250) + "\n";
        write(sink, "short\n");
        write(sink, longLine);
        write(sink, "after\n");
        sink.close();
        StringBuilder all = new StringBuilder();
        for (Path p : filesInOrder(log, 10)) {
            assertTrue(Files.size(p) <= 100);
            all.append(Files.readString(p));
        }
        assertEquals("short\n" + longLine + "after\n", all.toString());
        assertEquals("short\n", Files.readString(tmp.resolve("app.log.3")), "the long line starts in a fresh file");
    }

    @Test
    void partialLine_isMovedToTheNewFileOnRotation() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 20, 2);
        write(sink, "0123456789\nabc");
        write(sink, "defghijklmnop\n");
        sink.close();
        assertEquals("0123456789\n", Files.readString(tmp.resolve("app.log.1")));
        assertEquals("abcdefghijklmnop\n", Files.readString(log));
    }

    @Test
    void existingFileWithPartialLine_isRespectedAfterRestart() throws IOException {
        Path log = tmp.resolve("app.log");
        Files.writeString(log, "old line\npartial");
        RotatingFileSink sink = new RotatingFileSink(log, 20, 2);
        write(sink, " rest of it\n");
        sink.close();
        assertEquals("old line\n", Files.readString(tmp.resolve("app.log.1")));
        assertEquals("partial rest of it\n", Files.readString(log));
    }

    @Test
    void zeroMaxBytes_neverRotates() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 3);
        String text = "y".repeat(10_000) + "\n";
        for (int i = 0; i < 10; i++) {
            write(sink, text);
        }
        sink.close();
        assertEquals(100_010, Files.size(log));
        assertFalse(Files.exists(tmp.resolve("app.log.1")));
    }

    @Test
    void zeroBackups_rotationEmptiesTheFile() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 10, 0);
        write(sink, "12345678\n");
        write(sink, "abc\n");
        sink.close();
        assertEquals("abc\n", Files.readString(log));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void symlinkAtLogPath_isRefusedNotFollowed() throws IOException {
        Path target = Files.writeString(tmp.resolve("precious"), "keep me\n");
        Path log = Files.createSymbolicLink(tmp.resolve("app.log"), target);
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
        write(sink, "attack\n");
        sink.close();
        assertEquals("keep me\n", Files.readString(target));
        assertEquals(7, sink.droppedBytes());
    }

    @Test
    void hardLinkAtLogPath_isRefused() throws IOException {
        Path target = Files.writeString(tmp.resolve("precious"), "keep me\n");
        Path log = Files.createLink(tmp.resolve("app.log"), target);
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
        write(sink, "attack\n");
        sink.close();
        assertEquals("keep me\n", Files.readString(target));
        assertEquals(7, sink.droppedBytes());
    }

    @Test
    void fifoAtLogPath_isRefused_notBlockedOn() throws Exception {
        Path log = tmp.resolve("app.log");
        assertEquals(0, new ProcessBuilder("mkfifo", log.toString()).start().waitFor());
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
        write(sink, "attack\n");
        sink.close();
        assertEquals(7, sink.droppedBytes());
    }

    @Test
    void existingFileOfAnotherOwner_isRefused_ownFileIsAppended() throws IOException {
        Path log = Files.writeString(tmp.resolve("app.log"), "old\n");
        int me = (Integer) Files.getAttribute(log, "unix:uid");
        RotatingFileSink foreign = new RotatingFileSink(log, 0, 0, me + 1);
        write(foreign, "attack\n");
        foreign.close();
        assertEquals(7, foreign.droppedBytes());
        RotatingFileSink own = new RotatingFileSink(log, 0, 0, me);
        write(own, "new\n");
        own.close();
        assertEquals("old\nnew\n", Files.readString(log));
    }

    @Test
    void newFile_isCreatedByTheSink_whateverTheExpectedOwner() throws IOException {
        Path log = tmp.resolve("sub/app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0, 12345);
        write(sink, "hello\n");
        sink.close();
        assertEquals("hello\n", Files.readString(log));
    }

    @Test
    void reopen_afterExternalRename_writesToANewFile() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
        write(sink, "before\n");
        Files.move(log, tmp.resolve("app.log.rotated"));
        write(sink, "still old\n");
        sink.reopen();
        write(sink, "after\n");
        sink.close();
        assertEquals("before\nstill old\n", Files.readString(tmp.resolve("app.log.rotated")));
        assertEquals("after\n", Files.readString(log));
    }

    @Test
    void unwritableLocation_dropsOutputWithoutThrowing() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("file-not-dir"), "x");
        RotatingFileSink sink = new RotatingFileSink(blocker.resolve("app.log"), 0, 0);
        write(sink, "lost\n");
        sink.reopen();
        sink.close();
        assertEquals(5, sink.droppedBytes());
    }

    /** Regression (issue 9 #6): rotation used to re-open the path for reading to move a partial line. */
    @Test
    void partialLineAtRotation_isCarriedFromMemory_evenWhenAFifoReplacedTheFile() throws Exception {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 20, 2);
        write(sink, "0123456789\nabc");
        Files.move(log, tmp.resolve("moved-away"));
        assertEquals(0, new ProcessBuilder("mkfifo", log.toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> write(sink, "defghijklmnop\n"),
                "the output thread must not block on a FIFO at the log path");
        sink.close();
        assertEquals("0123456789\n", Files.readString(tmp.resolve("moved-away")), "the partial line left the old file");
        assertEquals("abcdefghijklmnop\n", Files.readString(log));
    }

    @Test
    void partialLineLongerThanTheCarryLimit_isSplitAtRotation() throws IOException {
        Path log = tmp.resolve("app.log");
        int max = LineTail.LIMIT * 4;
        RotatingFileSink sink = new RotatingFileSink(log, max, 1);
        String complete = "x".repeat(10) + "\n";
        String longPartial = "p".repeat(LineTail.LIMIT + 1);
        write(sink, complete + longPartial);
        write(sink, "q".repeat(max) + "\n");
        sink.close();
        String old = Files.readString(tmp.resolve("app.log.1"));
        assertEquals(max, old.length(), "the old file is filled up to its maximum");
        assertTrue(old.startsWith(complete + longPartial), old.substring(0, 40));
        assertTrue(Files.readString(log).endsWith("q\n"));
    }

    @Test
    void chunkEndingInsideALine_thenRotation_movesOnlyThatLine() throws IOException {
        Path log = tmp.resolve("app.log");
        RotatingFileSink sink = new RotatingFileSink(log, 30, 1);
        write(sink, "first\nsec");
        write(sink, "ond\nthi");
        write(sink, "rd line that is long\n");
        sink.close();
        assertEquals("first\nsecond\n", Files.readString(tmp.resolve("app.log.1")));
        assertEquals("third line that is long\n", Files.readString(log));
    }

    @Test
    void fifoWithAReader_isRefused_notWrittenTo() throws Exception {
        Path log = tmp.resolve("app.log");
        assertEquals(0, new ProcessBuilder("mkfifo", log.toString()).start().waitFor());
        Process reader = new ProcessBuilder("sh", "-c", "exec sleep 60 < " + log).start();
        try (var keepOpen = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            RotatingFileSink sink = new RotatingFileSink(log, 0, 0);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> write(sink, "attack\n"));
            sink.close();
            assertEquals(7, sink.droppedBytes());
        } finally {
            reader.destroyForcibly().waitFor();
        }
    }

    /** A child owning the directory above its log directory swaps the log directory for a symlink after start. */
    @Test
    void logDirectoryReplacedByASymlinkAfterStart_isNotFollowed_byRotationOrReopen() throws IOException {
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Path target = Files.createDirectory(tmp.resolve("victim"));
        Files.writeString(target.resolve("app.log"), "victim\n");
        RotatingFileSink sink = new RotatingFileSink(logs.resolve("app.log"), 20, 2);
        write(sink, "0123456789\n");
        Files.move(logs, tmp.resolve("logs.moved"));
        Files.createSymbolicLink(logs, target);

        write(sink, "abcdefghijklmnopq\n"); // would rotate: the renames must not happen in the victim directory
        sink.reopen();
        write(sink, "dropped\n");
        sink.close();
        assertEquals("victim\n", Files.readString(target.resolve("app.log")));
        assertFalse(Files.exists(target.resolve("app.log.1")));
        assertEquals("0123456789\nabcdefghijklmnopq\n", Files.readString(tmp.resolve("logs.moved/app.log")));
        assertEquals(8, sink.droppedBytes());
    }

    @Test
    void symlinkedParentAtFirstOpen_isFollowedOnce_andRotationWorksThroughIt() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        RotatingFileSink sink = new RotatingFileSink(link.resolve("app.log"), 20, 2);
        write(sink, "0123456789\n");
        write(sink, "abcdefghijklmnopq\n");
        sink.close();
        assertEquals("0123456789\n", Files.readString(real.resolve("app.log.1")));
        assertEquals("abcdefghijklmnopq\n", Files.readString(real.resolve("app.log")));
    }

    @Test
    void logDirectoryRemovedByAnOperator_isCreatedAgain_atTheRetryAfterTheFailedOpen() throws IOException {
        Path dir = tmp.resolve("gone");
        Path log = dir.resolve("app.log");
        long[] now = {0};
        RotatingFileSink sink = new RotatingFileSink(log, 0, 0, -1, () -> now[0]);
        write(sink, "before\n");
        Files.delete(log);
        Files.delete(dir);
        sink.reopen(); // fails: the directory is made again only once an open failed, not at every open
        assertFalse(Files.exists(dir));
        now[0] += Duration.ofSeconds(2).toNanos(); // past the retry backoff
        write(sink, "after\n");
        assertEquals("after\n", Files.readString(log));
        sink.close();
    }

    @Test
    void megabytesWithoutANewline_rotateBySize_andArriveComplete() throws IOException {
        Path log = tmp.resolve("app.log");
        int max = 256 * 1024;
        RotatingFileSink sink = new RotatingFileSink(log, max, 100);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1024 * 1024);
        for (int i = 0; i < 8; i++) {
            while (chunk.hasRemaining()) {
                chunk.put((byte) ('a' + i));
            }
            sink.write(chunk.flip());
            chunk.clear();
        }
        sink.close();
        long total = 0;
        for (Path p : filesInOrder(log, 100)) {
            assertTrue(Files.size(p) <= max, p + " is " + Files.size(p));
            total += Files.size(p);
        }
        assertEquals(8L * 1024 * 1024, total);
        assertEquals(0, sink.droppedBytes());
    }
}
