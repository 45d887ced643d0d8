package io.jsuper.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Following a log at full speed and across what happens to its file: a burst of numbered lines through many
 * rotations reaches a follower line by line; a follower that never reads is closed; an external
 * {@code copytruncate} (the real logrotate) and a process restart, over the unix socket and TCP with the token.
 */
class LogFollowE2ETest extends DaemonE2ETest {
    private static final int BURST_LINES = 2_000_000; // 100 bytes each: 200 MB
    private static final long STUCK_BOUND = 16L * 1024 * 1024;

    @Test
    void aFollowerAttachedDuringABurst_receivesEveryLineInOrder_andOneThatNeverReadsIsClosed() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        jsuperd = new DaemonHarness(tmp, "write_timeout = 10s\n", """
                [watcher:burst]
                cmd = /bin/sh
                args = -c "seq -f %%099.0f 1 %d; echo the-end; exec sleep 1000"
                startsecs = 0
                autostart = false
                stdout_stream.max_bytes = 4MB
                stdout_stream.backup_count = 60

                """.formatted(BURST_LINES)).start();
        Path received = tmp.resolve("received.out");
        try (SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stuck.connect(UnixDomainSocketAddress.of(jsuperd.socket));
            stuck.write(ByteBuffer.wrap("GET /services/burst:1/log?follow=true&lines=0 HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            Process curl = new ProcessBuilder("curl", "-sSN", "--unix-socket", jsuperd.socket.toString(),
                    "http://localhost/services/burst:1/log?follow=true&lines=0").redirectOutput(received.toFile())
                    .redirectError(tmp.resolve("curl.err").toFile()).start();
            jsuperd.remember(curl.pid());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(received)
                        && jsuperd.request("GET", "/services", null).status() == 200); // both followers attached
                assertEquals(200, jsuperd.post("/services/burst/start").status());
                await().atMost(Duration.ofSeconds(180)).until(() ->
                        DaemonHarness.read(jsuperd.logdir.resolve("burst-1.stdout.log")).endsWith("the-end\n"));
                assertTrue(Files.exists(jsuperd.logdir.resolve("burst-1.stdout.log.40")), "rotated through many files: "
                        + DaemonHarness.list(jsuperd.logdir));
                await().atMost(Duration.ofSeconds(180)).until(() -> endsWith(received, "the-end\n"));
            } finally {
                curl.destroy();
                curl.waitFor();
            }
            assertEveryLine(received, BURST_LINES, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> jsuperd.daemonLogText().contains("left its answers unread"));
            long held = readUntilClosed(stuck);
            assertTrue(held < STUCK_BOUND, "a follower that never reads got at most its buffers' worth: " + held);
        }
        assertEquals(200, jsuperd.request("GET", "/services", null).status(), "the daemon answers");
    }

    /**
     * Regression (issue 11): a follower more than one file behind on a stream with compress = true skipped the
     * backups gzipped before it got there. Here curl is stopped (SIGSTOP) while 30 MB pass through 1 MB files and
     * every backup but the one it holds is gzipped; resumed, it must still receive every line in order.
     */
    @Test
    void aFollowerFarBehind_readsThroughTheGzippedBackups_everyLineInOrder() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        int lines = 300_000;
        Path go = tmp.resolve("go");
        jsuperd = new DaemonHarness(tmp, "write_timeout = 600s\n", """
                [watcher:burst]
                cmd = /bin/sh
                args = -c "echo ready; while [ ! -e %s ]; do sleep 0.1; done; seq -f %%099.0f 1 %d; echo the-end; exec sleep 1000"
                startsecs = 0
                stdout_stream.max_bytes = 1MB
                stdout_stream.backup_count = 60
                stdout_stream.compress = true

                """.formatted(go, lines)).start();
        Path received = tmp.resolve("received.out");
        Path log = jsuperd.logdir.resolve("burst-1.stdout.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> DaemonHarness.read(log).equals("ready\n"));
        Process curl = new ProcessBuilder("curl", "-sSN", "--unix-socket", jsuperd.socket.toString(),
                "http://localhost/services/burst:1/log?follow=true&lines=1").redirectOutput(received.toFile())
                .redirectError(tmp.resolve("curl.err").toFile()).start();
        jsuperd.remember(curl.pid());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> DaemonHarness.read(received).equals("ready\n"));
            signal(curl, "STOP"); // attached (it got the last line), now it reads nothing
            Files.writeString(go, "");
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> endsWith(log, "the-end\n")); // renamed at times
            await().atMost(Duration.ofSeconds(180)).until(() -> plainBackups(log) == 0 && gzippedBackups(log) >= 25);
            assertTrue(Files.size(received) < 8L * 1024 * 1024, "stopped far behind: " + Files.size(received));
            signal(curl, "CONT");
            await().atMost(Duration.ofSeconds(180)).until(() -> endsWith(received, "the-end\n"));
        } finally {
            signal(curl, "CONT");
            curl.destroy();
            curl.waitFor();
        }
        assertEveryLine(received, lines, "ready");
    }

    /** Sends SIGname to a child this test started (still its child: not reaped before the finally). */
    private static void signal(Process p, String name) throws Exception {
        if (p.isAlive()) {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
        }
    }

    private static long plainBackups(Path log) throws Exception {
        return DaemonHarness.list(log.getParent()).stream()
                .filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(log.getFileName().toString()) + "\\.[0-9]+")).count();
    }

    private static long gzippedBackups(Path log) throws Exception {
        return DaemonHarness.list(log.getParent()).stream()
                .filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(log.getFileName().toString()) + "\\.[0-9]+\\.gz")).count();
    }

    private static boolean endsWith(Path file, String tail) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < tail.length()) {
                return false;
            }
            ByteBuffer end = ByteBuffer.allocate(tail.length());
            ch.read(end, size - tail.length());
            return new String(end.array(), StandardCharsets.US_ASCII).equals(tail);
        }
    }

    /** {@code first} (if any), 1 … {@code lines}, each once, in order, then the-end: nothing lost, skipped or reordered. */
    private static void assertEveryLine(Path received, int lines, String first) throws Exception {
        long expected = 1;
        try (BufferedReader r = Files.newBufferedReader(received, StandardCharsets.US_ASCII)) {
            if (first != null) {
                assertEquals(first, r.readLine());
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (expected > lines) {
                    assertEquals("the-end", line);
                    expected++;
                    continue;
                }
                assertEquals(99, line.length(), "line " + expected + " whole: " + line);
                assertEquals(expected, Long.parseLong(line.substring(80)), "line " + expected + " in order: " + line);
                expected++;
            }
        }
        assertEquals(lines + 2L, expected, "every line and the-end");
    }

    /** Drains a connection that had never read: how much the daemon had sent before closing it (write_timeout). */
    private static long readUntilClosed(SocketChannel stuck) throws Exception {
        stuck.configureBlocking(false);
        long total = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (Selector selector = Selector.open()) {
            stuck.register(selector, SelectionKey.OP_READ);
            while (System.nanoTime() < deadline && total < STUCK_BOUND) {
                selector.select(1000);
                selector.selectedKeys().clear();
                buf.clear();
                int n = stuck.read(buf);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        }
        throw new AssertionError("the connection that never read was not closed (read " + total + " bytes)");
    }

    private static final String TICKER = """
            [watcher:tick]
            cmd = /bin/sh
            args = -c "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo tick-$i; sleep 0.01; done"
            startsecs = 0
            stdout_stream.max_bytes = 0

            """;

    @Test
    void follow_goesOnAcrossCopytruncate_andAProcessRestart_overUnixAndTcpWithToken() throws Exception {
        int port = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + port + "\nhttp_token = t0ken\n", TICKER).start();
        jsuperd.awaitState("tick", 1, "RUNNING");
        TailFollower local = new TailFollower(jsuperd, tmp, List.of("--socket", jsuperd.socket.toString(), "tail", "-f", "tick:1"));
        TailFollower remote = new TailFollower(jsuperd, tmp, List.of("--url", "http://127.0.0.1:" + port, "--token", "t0ken",
                "tail", "-f", "tick:1"));
        try {
            // enough in the file that the copy-and-truncate cannot be hidden by what is written after it
            await().atMost(Duration.ofSeconds(60)).until(() -> local.lines.size() >= 200 && remote.lines.size() >= 200);
            copytruncate(jsuperd.logdir.resolve("tick-1.stdout.log"));
            for (TailFollower f : List.of(local, remote)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ticksAfter(f.lines, "file truncated") >= 20);
                List<String> seen = List.copyOf(f.lines); // a sublist of the live list fails when a line arrives
                int note = indexOf(seen, "file truncated");
                assertTrue(seen.get(note).startsWith("==> jsuper: "), seen.get(note));
                int before = tick(seen.get(note - 1));
                int after = tick(seen.get(note + 1));
                assertTrue(after > before, "the lines after the truncation are new ones: " + before + " then " + after);
                assertConsecutive(seen.subList(0, note));
                assertConsecutive(seen.subList(note + 1, note + 21));
            }

            DaemonHarness.Ctl restart = jsuperd.ctl("restart", "tick");
            assertEquals(0, restart.exit(), restart.toString());
            for (TailFollower f : List.of(local, remote)) {
                int note = indexOf(f.lines, "file truncated");
                await().atMost(Duration.ofSeconds(60)).until(() -> f.lines.lastIndexOf("tick-20") > note);
                List<String> seen = List.copyOf(f.lines);
                int again = seen.lastIndexOf("tick-1");
                assertTrue(again > note, "the restarted process's first line: " + seen);
                assertConsecutive(seen.subList(again, again + 20));
                assertTrue(f.process.isAlive(), "still following");
            }
        } finally {
            local.process.destroyForcibly();
            remote.process.destroyForcibly();
        }
    }

    /** logrotate's copytruncate (Debian's logrotate when installed; otherwise what it does: copy, then truncate). */
    private void copytruncate(Path log) throws Exception {
        Path logrotate = Path.of("/usr/sbin/logrotate");
        if (Files.isExecutable(logrotate)) {
            Path conf = tmp.resolve("logrotate.conf");
            Files.writeString(conf, log + " {\n\tcopytruncate\n\trotate 3\n\tmissingok\n}\n");
            DaemonHarness.Ctl r = DaemonHarness.run(List.of(logrotate.toString(), "-f", "-s", tmp.resolve("logrotate.state").toString(),
                    conf.toString()), null, Map.of());
            assertEquals(0, r.exit(), r.toString());
        } else {
            Files.copy(log, log.resolveSibling(log.getFileName() + ".1"));
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
        assertTrue(Files.exists(log.resolveSibling(log.getFileName() + ".1")), "the copy");
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static int ticksAfter(List<String> lines, String part) {
        int at = indexOf(lines, part);
        return at < 0 ? 0 : lines.size() - at - 1;
    }

    private static int tick(String line) {
        assertTrue(line.startsWith("tick-"), line);
        return Integer.parseInt(line.substring("tick-".length()));
    }

    private static void assertConsecutive(List<String> lines) {
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(tick(lines.get(i - 1)) + 1, tick(lines.get(i)), "consecutive: " + lines);
        }
    }
}
