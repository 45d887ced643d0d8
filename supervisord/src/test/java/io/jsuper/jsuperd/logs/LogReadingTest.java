package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Tail, grep and file sets over real files: rotated backups, gzipped ones, bounds, refused files. */
class LogReadingTest {
    @TempDir
    Path dir;

    /** out.log holds 21..30, out.log.1 11..20, out.log.2.gz 1..10. */
    private List<Path> threeFiles() throws IOException {
        Path cur = dir.resolve("out.log");
        Files.writeString(cur, numbers(21, 30));
        Files.writeString(dir.resolve("out.log.1"), numbers(11, 20));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("out.log.2.gz")))) {
            out.write(numbers(1, 10).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("out.log.x"), "not a backup\n");
        Files.writeString(dir.resolve("other.log.1"), "someone else\n");
        return new LogFileSet(cur).newestFirst();
    }

    private static String numbers(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(i).append('\n');
        }
        return sb.toString();
    }

    private static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    @Test
    void fileSet_listsOnlyTheStreamsOwnBackups_newestFirst() throws IOException {
        List<Path> files = threeFiles();
        assertEquals(List.of("out.log", "out.log.1", "out.log.2.gz"), files.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void lastLines_crossCurrentPlainAndGzippedBackups() throws IOException {
        List<Path> files = threeFiles();
        assertEquals(range(26, 30), LastLines.read(files, 5, 1 << 20, -1).lines());
        assertEquals(range(5, 30), LastLines.read(files, 26, 1 << 20, -1).lines());
        assertEquals(range(1, 30), LastLines.read(files, 1000, 1 << 20, -1).lines());
        assertEquals(List.of(), LastLines.read(files, 0, 1 << 20, -1).lines());
    }

    @Test
    void lastLines_areBoundedByBytes_andByTheFollowersStart() throws IOException {
        List<Path> files = threeFiles();
        LastLines.Result cut = LastLines.read(files, 1000, 9, -1);
        assertEquals(range(28, 30), cut.lines());
        assertTrue(cut.truncated());
        // a follower starting at offset 6 ("21\n22\n") gets the lines before it, the rest arrive by following
        assertEquals(List.of("20", "21", "22"), LastLines.read(files, 3, 1 << 20, 6).lines());
    }

    @Test
    void lastLines_ofAFileWithoutNewline_andOfLongLines() throws IOException {
        Path cur = dir.resolve("one.log");
        Files.writeString(cur, "x".repeat(200_000) + "\nlast without newline");
        assertEquals(List.of("last without newline"), LastLines.read(new LogFileSet(cur).newestFirst(), 1, 1 << 20, -1).lines());
        assertEquals(200_000, LastLines.read(new LogFileSet(cur).newestFirst(), 2, 1 << 20, -1).lines().get(0).length());
    }

    @Test
    void aFifoOrSymlinkAtTheLogPath_isRefused_neverBlocks() throws Exception {
        Path fifo = dir.resolve("fifo.log");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        IOException e = assertThrows(IOException.class, () -> LastLines.read(List.of(fifo), 5, 1000, -1));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path link = dir.resolve("link.log");
        Files.writeString(dir.resolve("secret"), "secret\n");
        Files.createSymbolicLink(link, dir.resolve("secret"));
        IOException l = assertThrows(IOException.class, () -> LastLines.read(List.of(link), 5, 1000, -1));
        assertTrue(l.getMessage().contains("symbolic link"), l.getMessage());
    }

    @Test
    void grep_findsTheNewestMatches_inEveryFile() throws IOException {
        List<Path> files = threeFiles();
        LogGrep grep = LogGrep.compile("^[0-9]*[05]$", System::nanoTime);
        LogGrep.Result r = grep.search(files, 100, 1 << 20, 10_000_000_000L, null);
        assertEquals(List.of("5", "10", "15", "20", "25", "30"), r.lines());
        assertNull(r.stopped());
        assertEquals(List.of("25", "30"), grep.search(files, 2, 1 << 20, 10_000_000_000L, null).lines());
        assertEquals(1, grep.search(files, 2, 1 << 20, 10_000_000_000L, null).filesSearched(), "stops at enough matches");
    }

    @Test
    void grep_since_skipsFilesLastWrittenBefore() throws IOException {
        List<Path> files = threeFiles();
        Files.setLastModifiedTime(files.get(1), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(files.get(2), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        LogGrep grep = LogGrep.compile("5$", System::nanoTime);
        assertEquals(List.of("25"), grep.search(files, 100, 1 << 20, 10_000_000_000L, Instant.parse("2021-01-01T00:00:00Z")).lines());
    }

    @Test
    void grep_refusesBadAndOverlongPatterns() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LogGrep.compile("(open", System::nanoTime));
        assertTrue(bad.getMessage().startsWith("bad grep pattern"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogGrep.compile("x".repeat(LogGrep.MAX_PATTERN + 1), System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> LogGrep.compile("", System::nanoTime));
    }

    @Test
    void grep_aCatastrophicPattern_endsAtItsDeadline() throws IOException {
        Path cur = dir.resolve("evil.log");
        Files.writeString(cur, "a".repeat(60) + "!\n");
        // a manual clock that moves 1 ms per reading: the deadline comes after a bounded number of checks
        AtomicLong now = new AtomicLong();
        LogGrep grep = LogGrep.compile("(.*a){20}$", () -> now.addAndGet(1_000_000));
        LogGrep.Result r = grep.search(List.of(cur), 10, 1 << 20, 50_000_000L, null);
        assertEquals("time limit reached", r.stopped());
        assertEquals(List.of(), r.lines());
    }
}
