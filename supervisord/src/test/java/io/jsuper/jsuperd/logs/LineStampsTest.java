package io.jsuper.jsuperd.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Reading time_format stamps back, and grep's since= filtering stamped lines rather than whole files. */
class LineStampsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @TempDir
    Path dir;

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void readsTheStampsJsuperWrites_inTheZoneTheyWereWrittenIn() {
        assertEquals(at("2026-11-27T08:30:05Z"), LineStamps.of("%Y-%m-%d %H:%M:%S", PARIS).millis("2026-11-27 09:30:05 [42] | x"));
        assertEquals(at("2026-11-27T09:30:05.123Z"), LineStamps.of("%FT%T.%f%z", PARIS).millis("2026-11-27T09:30:05.123456+0000 [42] | x"));
        assertEquals(at("2026-11-27T21:30:05Z"), LineStamps.of("%d/%b/%Y:%I:%M:%S %p", ZoneOffset.UTC).millis("27/Nov/2026:09:30:05 PM [1] | x"));
        assertEquals(at("2026-02-01T00:00:00Z"), LineStamps.of("%Y.%j %T", ZoneOffset.UTC).millis("2026.032 00:00:00 [1] | x"));
        assertEquals(1_764_232_205_000L, LineStamps.of("%s", PARIS).millis("1764232205 [1] | x"));
        assertEquals(at("2026-11-07T10:00:00Z"), LineStamps.of("%a %e %B %Y %H:%M", ZoneOffset.UTC).millis("Sat  7 November 2026 10:00 [1] | x"));
    }

    @Test
    void aLineWithoutTheStamp_andAFormatThatPinsNoDay_areToldApart() {
        LineStamps s = LineStamps.of("%Y-%m-%d %H:%M:%S", PARIS);
        assertEquals(LineStamps.NONE, s.millis("the rest of a very long line"));
        assertEquals(LineStamps.NONE, s.millis("2026-13-45 99:00:00 [1] | impossible date"));
        assertNull(LineStamps.of("%H:%M:%S", PARIS), "time of day only: which day is unknown");
        assertNull(LineStamps.of("%m-%d %H:%M", PARIS), "no year");
        assertNull(LineStamps.of(null, PARIS));
    }

    @Test
    void grepSince_answersOnlyLinesStampedAtOrAfterIt_evenInAFileWrittenLater() throws IOException {
        Path log = dir.resolve("a.log");
        Files.writeString(log, """
                2026-11-27 08:00:00 [7] | GET /a 500
                2026-11-27 09:00:00 [7] | GET /b 500
                a line without a stamp 500
                2026-11-27 10:00:00 [7] | GET /c 500
                """);
        LineStamps stamps = LineStamps.of("%Y-%m-%d %H:%M:%S", ZoneOffset.UTC);
        for (String pattern : List.of("500", "5.0$")) { // the literal fast path and the regex
            LogGrep grep = LogGrep.compile(pattern, System::nanoTime);
            LogGrep.Result r = grep.search(List.of(log), 100, 1 << 20, 10_000_000_000L,
                    Instant.parse("2026-11-27T09:00:00Z"), stamps);
            assertEquals(List.of("2026-11-27 09:00:00 [7] | GET /b 500", "a line without a stamp 500",
                    "2026-11-27 10:00:00 [7] | GET /c 500"), r.lines(), pattern);
            assertEquals(4, grep.search(List.of(log), 100, 1 << 20, 10_000_000_000L,
                    Instant.parse("2026-11-27T09:00:00Z"), null).lines().size(), "without stamps: the whole file");
        }
    }
}
