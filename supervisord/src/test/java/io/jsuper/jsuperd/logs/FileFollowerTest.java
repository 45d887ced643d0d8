package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;

/** tail -F semantics of one followed file: appends, rotation by rename, truncation, falling behind. */
class FileFollowerTest {
    @TempDir
    Path dir;

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String text(FileFollower.Chunk c) {
        return new String(c.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void followsAppends_wholeLinesOnly_fromTheEndItStartedAt() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "old\n");
        try (FileFollower f = new FileFollower(log, 1 << 20)) {
            assertEquals(4, f.startAtEnd());
            assertTrue(f.poll(1024).isEmpty());
            append(log, "one\ntw");
            assertEquals("one\n", text(f.poll(1024)));
            assertTrue(f.poll(1024).isEmpty(), "half a line waits");
            append(log, "o\n");
            assertEquals("two\n", text(f.poll(1024)));
        }
    }

    @Test
    void finishesTheRotatedFile_thenMovesToTheNewOne() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(log, 1 << 20)) {
            f.startAtEnd();
            append(log, "before\n");
            Files.move(log, dir.resolve("a.log.1"));
            append(dir.resolve("a.log.1"), "late\n"); // the writer still had the old file open
            append(log, "after\n");
            assertEquals("before\nlate\n", text(f.poll(1024)));
            assertEquals("after\n", text(f.poll(1024)));
        }
    }

    @Test
    void aTruncatedFile_isFollowedFromItsStart_withANote() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "aaaa\nbbbb\n");
        try (FileFollower f = new FileFollower(log, 1 << 20)) {
            f.startAtEnd();
            Files.write(log, new byte[0]);
            append(log, "new\n");
            FileFollower.Chunk c = f.poll(1024);
            assertTrue(c.truncated());
            assertEquals("new\n", text(c));
        }
    }

    @Test
    void aFollowerFarBehind_skipsAhead_andSaysHowMuch() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "");
        try (FileFollower f = new FileFollower(log, 100)) {
            f.startAtEnd();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                sb.append(String.format("%09d\n", i)); // 10 bytes a line
            }
            append(log, sb.toString());
            FileFollower.Chunk c = f.poll(1 << 20);
            assertEquals(950, c.skipped(), "skipped to half the bound, then to a line start");
            assertEquals("000000095\n000000096\n000000097\n000000098\n000000099\n", text(c));
        }
    }

    @Test
    void aFileThatAppearsLater_isFollowedFromItsStart() throws IOException {
        Path log = dir.resolve("late.log");
        try (FileFollower f = new FileFollower(log, 1 << 20)) {
            assertEquals(0, f.startAtEnd());
            assertTrue(f.poll(1024).isEmpty());
            append(log, "hello\n");
            assertEquals("hello\n", text(f.poll(1024)));
        }
    }
}
