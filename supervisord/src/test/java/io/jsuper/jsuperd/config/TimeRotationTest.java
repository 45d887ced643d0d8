package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.*;

/** rotate_when / rotate_interval / utc: binding, errors with file:line, and the rollover calendar. */
class TimeRotationTest {
    @TempDir
    Path dir;

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void fixedPeriods_countFromTheGivenInstant() {
        assertEquals(at("2026-11-27T06:00:05Z"), new TimeRotation("S", 5, true).nextAfter(at("2026-11-27T06:00:00Z")));
        assertEquals(at("2026-11-27T09:00:00Z"), new TimeRotation("H", 3, true).nextAfter(at("2026-11-27T06:00:00Z")));
        assertEquals(at("2026-11-29T06:00:00Z"), new TimeRotation("D", 2, true).nextAfter(at("2026-11-27T06:00:00Z")));
    }

    @Test
    void midnightAndWeekdays_followTheCalendar_inUtcOrTheZone() {
        assertEquals(at("2026-11-28T00:00:00Z"), new TimeRotation("midnight", 1, true).nextAfter(at("2026-11-27T23:59:59Z")));
        assertEquals(at("2026-11-28T00:00:00Z"), new TimeRotation("midnight", 1, true).nextAfter(at("2026-11-27T00:00:00Z")));
        // 2026-11-27 is a Friday: W0 (Monday) is 2026-11-30, W4 (Friday) a week later
        assertEquals(at("2026-11-30T00:00:00Z"), new TimeRotation("W0", 1, true).nextAfter(at("2026-11-27T06:00:00Z")));
        assertEquals(at("2026-12-04T00:00:00Z"), new TimeRotation("W4", 1, true).nextAfter(at("2026-11-27T06:00:00Z")));
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertEquals(at("2026-11-27T23:00:00Z"), new TimeRotation("midnight", 1, false).nextAfter(at("2026-11-27T06:00:00Z"), paris));
        assertEquals(at("2026-11-28T00:00:00Z"), new TimeRotation("midnight", 1, false).nextAfter(at("2026-11-27T06:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void binds_withDefaults() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run",
                "stdout_stream.rotate_when = midnight", "stderr_stream.rotate_when = h", "stderr_stream.rotate_interval = 6",
                "stderr_stream.utc = true"));
        assertEquals(new TimeRotation("midnight", 1, false), c.watchers().get("web").stdout().rotation());
        assertEquals(new TimeRotation("H", 6, true), c.watchers().get("web").stderr().rotation());
    }

    @Test
    void maxTotalBytes_bindsAndMustCoverMaxBytes() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "stdout_stream.max_bytes = 10MB",
                "stdout_stream.max_total_bytes = 100MB"));
        assertEquals(100L * 1024 * 1024, c.watchers().get("web").stdout().maxTotalBytes());
        String msg = failure(write(dir, "bad.ini", "[watcher:web]", "cmd = run", "stdout_stream.max_bytes = 10MB",
                "stdout_stream.max_total_bytes = 1MB")).getMessage();
        assertTrue(msg.contains("bad.ini:4: [watcher:web] stdout_stream.max_total_bytes: \"1MB\" is less than "
                + "stdout_stream.max_bytes (expected at least max_bytes (10485760 bytes), or 0 for no total limit)"), msg);
    }

    @Test
    void badValues_areReportedWithFileAndLine() {
        Path file = write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "stdout_stream.rotate_when = hourly",
                "stdout_stream.rotate_interval = 0", "stderr_stream.utc = yes");
        String msg = failure(file).getMessage();
        assertTrue(msg.contains("jsuperd.ini:3: [watcher:web] stdout_stream.rotate_when: \"hourly\" is not a rotation period "
                + "(expected S, M, H, D, midnight or W0-W6 (W0 = Monday))"), msg);
        assertTrue(msg.contains("jsuperd.ini:4: [watcher:web] stdout_stream.rotate_interval:"), msg);
        assertTrue(msg.contains("jsuperd.ini:5: [watcher:web] stderr_stream.utc: stderr_stream.utc without "
                + "stderr_stream.rotate_when does nothing"), msg);
    }
}
