package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** How output is captured: gzipped backups, per-line timestamps, console output for containers. */
class LogCaptureE2ETest extends DaemonE2ETest {

    @Test
    void compress_gzipsEveryBackup_intactAndWithNoLineLost() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:burst]
                cmd = /bin/sh
                args = -c "seq 1 60000; echo done-counting; exec sleep 1000"
                startsecs = 0
                stdout_stream.max_bytes = 16KB
                stdout_stream.backup_count = 100
                stdout_stream.compress = true

                """).start();
        Path current = jsuperd.logdir.resolve("burst-1.stdout.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(current)
                && DaemonHarness.read(current).contains("done-counting"));
        // The worker gzips behind the writer: wait until no plain backup is left.
        await().atMost(Duration.ofSeconds(60)).until(() -> backups(".gz").size() > 10 && backups("").isEmpty());
        List<String> lines = new ArrayList<>();
        List<Path> gz = backups(".gz");
        for (int n = gz.size(); n >= 1; n--) {
            Path file = jsuperd.logdir.resolve("burst-1.stdout.log." + n + ".gz");
            Ctl test = DaemonHarness.run(List.of("gzip", "-t", file.toString()), null, Map.of());
            assertEquals(0, test.exit(), "gzip -t " + file + ": " + test);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        lines.addAll(DaemonHarness.read(current).lines().toList());
        int first = Integer.parseInt(lines.get(0));
        assertEquals(1, first, "nothing pruned: 100 backups hold all of it");
        for (int i = 0; i < lines.size() - 1; i++) {
            assertEquals(Integer.toString(first + i), lines.get(i), "no line lost or reordered at line " + i);
        }
        assertEquals("done-counting", lines.get(lines.size() - 1));
        assertTrue(DaemonHarness.list(jsuperd.logdir).stream().noneMatch(p -> p.getFileName().toString().contains("tmp")),
                "no temp file left: " + DaemonHarness.list(jsuperd.logdir));
    }

    @Test
    void timeFormat_prefixesEveryLineOnce_evenWhenALineArrivesInPieces() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:stamp]
                cmd = /bin/sh
                args = -c "printf 'first '; sleep 0.3; echo half; seq 1 500; echo done-stamping; exec sleep 1000"
                startsecs = 0
                stdout_stream.time_format = %Y-%m-%d %H:%M:%S
                stdout_stream.max_bytes = 4KB
                stdout_stream.backup_count = 20

                """).start();
        Path current = jsuperd.logdir.resolve("stamp-1.stdout.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(current)
                && DaemonHarness.read(current).contains("done-stamping"));
        long pid = jsuperd.pidOf("stamp", 1);
        List<String> lines = new ArrayList<>();
        for (int n = 20; n >= 1; n--) {
            Path backup = jsuperd.logdir.resolve("stamp-1.stdout.log." + n);
            if (Files.exists(backup)) {
                lines.addAll(DaemonHarness.read(backup).lines().toList());
            }
        }
        lines.addAll(DaemonHarness.read(current).lines().toList());
        java.util.regex.Pattern stamped = java.util.regex.Pattern.compile(
                "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\[" + pid + "\\] \\| (.*)");
        List<String> bodies = new ArrayList<>();
        for (String line : lines) {
            java.util.regex.Matcher m = stamped.matcher(line);
            assertTrue(m.matches(), "one prefix, at the line start: " + line);
            bodies.add(m.group(1));
        }
        assertEquals("first half", bodies.get(0), "a line written in two pieces has one prefix");
        for (int i = 1; i <= 500; i++) {
            assertEquals(Integer.toString(i), bodies.get(i), "in order, none lost, across rotations");
        }
        assertEquals("done-stamping", bodies.get(501));
    }

    /**
     * Regression: a console stream has no file, but clear (jsuperctl and supervisorctl's XML-RPC) emptied, and tail
     * read, whatever lay at the default path (a file of an earlier config). Now nothing is read or cleared.
     */
    @Test
    void console_hasNoFile_soTailAndClearLeaveAStaleFileAtTheDefaultPathAlone() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:cons]
                cmd = /bin/sh
                args = -c "echo live-line; exec sleep 1000"
                startsecs = 0
                stdout_stream.class = console

                """).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.daemonLogText().contains("[cons:1] live-line"));
        Path stale = jsuperd.logdir.resolve("cons-1.stdout.log");
        Files.writeString(stale, "stale line of an earlier config\n");
        DaemonHarness.Response tail = jsuperd.request("GET", "/services/cons/log?lines=10", null);
        assertEquals(200, tail.status());
        assertEquals(0, tail.body().path("lines").size(), tail.body().toString());
        Ctl clear = jsuperd.ctl("clear", "cons");
        assertEquals(0, clear.exit(), clear.toString());
        if (RealSupervisord.installed()) { // supervisord's clearProcessLogs through supervisorctl
            Ctl sup = DaemonHarness.run(List.of(RealSupervisord.SUPERVISORCTL.toString(), "-s", "unix://" + jsuperd.socket,
                    "clear", "cons"), null, Map.of());
            assertTrue(sup.out().contains("cons: cleared"), sup.toString());
        }
        assertEquals("stale line of an earlier config\n", Files.readString(stale), "not jsuperd's file: left alone");
    }

    @Test
    void console_twoChattyProcesses_neverInterleaveMidLine() throws Exception {
        // Each line is written in three pieces (three printf calls), so reads often end inside a line.
        String chatty = """
                [watcher:%s]
                cmd = /bin/sh
                args = -c "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); printf '%s-'; printf '%%s' $i; printf -- '-end\\\\n'; done; echo %s-done; exec sleep 1000"
                startsecs = 0
                stdout_stream.class = console

                """;
        jsuperd = new DaemonHarness(tmp, chatty.formatted("alpha", "AAAA", "AAAA") + chatty.formatted("beta", "BBBB", "BBBB")
                + """
                [watcher:gamma]
                cmd = /bin/sh
                args = -c "printf 'half a '; sleep 0.5; echo line; exec sleep 1000"
                startsecs = 0
                stdout_stream.class = console
                stdout_stream.time_format = %H:%M:%S

                """).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> jsuperd.daemonLogText().contains("[alpha:1] AAAA-done")
                && jsuperd.daemonLogText().contains("[beta:1] BBBB-done")
                && jsuperd.daemonLogText().contains("| half a line"));
        String log = jsuperd.daemonLogText();
        java.util.regex.Pattern whole = java.util.regex.Pattern.compile("\\[(alpha|beta):1\\] (AAAA|BBBB)-([0-9]+)-end");
        java.util.Map<String, Integer> last = new java.util.HashMap<>(java.util.Map.of("alpha", 0, "beta", 0));
        for (String line : log.split("\n")) {
            if (!line.contains("AAAA") && !line.contains("BBBB")) {
                continue;
            }
            if (line.endsWith("-done")) {
                assertTrue(line.equals("[alpha:1] AAAA-done") || line.equals("[beta:1] BBBB-done"), line);
                continue;
            }
            java.util.regex.Matcher m = whole.matcher(line);
            assertTrue(m.matches(), "a whole line of one process: " + line);
            assertEquals(m.group(1).equals("alpha") ? "AAAA" : "BBBB", m.group(2), line);
            int n = Integer.parseInt(m.group(3));
            assertEquals(last.get(m.group(1)) + 1, n, "in order, none lost: " + line);
            last.put(m.group(1), n);
        }
        assertEquals(3000, last.get("alpha"));
        assertEquals(3000, last.get("beta"));
        assertTrue(java.util.regex.Pattern.compile("(?m)^\\[gamma:1\\] [0-9]{2}:[0-9]{2}:[0-9]{2} \\[[0-9]+\\] \\| half a line$")
                .matcher(log).find(), "timestamps work on the console too, one per line: " + log);
        assertFalse(Files.exists(jsuperd.logdir.resolve("alpha-1.stdout.log")), "no file for a console stream");
    }

    private List<Path> backups(String suffix) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int n = 1; n <= 100; n++) {
            Path p = jsuperd.logdir.resolve("burst-1.stdout.log." + n + suffix);
            if (Files.exists(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void chattyWriter_keepsEveryLineInOrder_rotatedAtLineBoundaries() throws Exception {
        // 1 MiB writes fill the pipe: the stream is captured by splice(2) after its first rotation.
        jsuperd = new DaemonHarness(tmp, """
                [watcher:flood]
                cmd = /bin/sh
                args = -c "seq 1 3000000 | dd bs=1048576 iflag=fullblock status=none; echo done-counting; exec sleep 1000"
                startsecs = 0
                stdout_stream.max_bytes = 4MB
                stdout_stream.backup_count = 20

                """).start();
        Path current = jsuperd.logdir.resolve("flood-1.stdout.log");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(current)
                && DaemonHarness.read(current).endsWith("done-counting\n"));
        List<Path> files = new ArrayList<>();
        for (int n = 20; n >= 1; n--) {
            Path backup = jsuperd.logdir.resolve("flood-1.stdout.log." + n);
            if (Files.exists(backup)) {
                files.add(backup);
            }
        }
        assertTrue(files.size() >= 4, "rotated: " + files);
        files.add(current);
        long next = 1;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals('\n', bytes[bytes.length - 1], file + " ends at a line boundary");
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
                if (next == 3_000_001L) {
                    assertEquals("done-counting", line);
                    next++;
                    continue;
                }
                assertEquals(Long.toString(next), line, "line " + next + " in " + file);
                next++;
            }
        }
        assertEquals(3_000_002L, next, "every line, once, in order");
    }

    @Test
    void maxTotalBytes_boundsAllProcessesOfTheWatcherTogether() throws Exception {
        // Two processes, 109 KB each; 60 KB for the whole watcher (per process it would have been 120 KB).
        jsuperd = new DaemonHarness(tmp, """
                [watcher:pair]
                cmd = /bin/sh
                args = -c "seq 1 20000; echo done-counting; exec sleep 1000"
                numprocesses = 2
                startsecs = 0
                stdout_stream.max_bytes = 10KB
                stdout_stream.backup_count = 100
                stdout_stream.max_total_bytes = 60KB

                """).start();
        for (int wid = 1; wid <= 2; wid++) {
            Path current = jsuperd.logdir.resolve("pair-" + wid + ".stdout.log");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(current)
                    && DaemonHarness.read(current).contains("done-counting"));
        }
        long total = 0;
        for (Path p : DaemonHarness.list(jsuperd.logdir)) {
            if (p.getFileName().toString().startsWith("pair-")) {
                total += Files.size(p);
            }
        }
        assertTrue(total <= 60 * 1024, "the watcher's files together: " + total + " bytes, "
                + DaemonHarness.list(jsuperd.logdir));
        assertTrue(Files.exists(jsuperd.logdir.resolve("pair-1.stdout.log.1"))
                || Files.exists(jsuperd.logdir.resolve("pair-2.stdout.log.1")), "the newest backups are kept");
    }
}
