package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Reading logs through the API and jsuperctl: tail across rotated and gzipped files, follow, grep, clear. */
class LogsE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COUNTER = """
            [watcher:count]
            cmd = /bin/sh
            args = -c "seq 1 3000; echo done-counting; exec sleep 1000"
            startsecs = 0
            stdout_stream.max_bytes = 4KB
            stdout_stream.backup_count = 50

            """;

    private static final String TICKER = """
            [watcher:tick]
            cmd = /bin/sh
            args = -c "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo tick-$i; sleep 0.01; done"
            startsecs = 0
            stdout_stream.max_bytes = 2KB
            stdout_stream.backup_count = 200

            """;

    private record Curl(int status, String body) {
    }

    private Curl curl(String... args) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed: skipping the curl checks");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-w", "\n%{http_code}",
                "--unix-socket", jsuperd.socket.toString()));
        cmd.addAll(List.of(args));
        Ctl r = DaemonHarness.run(cmd, null, Map.of());
        assertEquals(0, r.exit(), r.toString());
        int nl = r.out().lastIndexOf('\n');
        return new Curl(Integer.parseInt(r.out().substring(nl + 1).trim()), r.out().substring(0, nl));
    }

    private void awaitCounted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(jsuperd.logdir.resolve("count-1.stdout.log"))
                && DaemonHarness.read(jsuperd.logdir.resolve("count-1.stdout.log")).contains("done-counting"));
    }

    @Test
    void tail_readsAcrossRotatedAndGzippedBackups() throws Exception {
        jsuperd = new DaemonHarness(tmp, COUNTER).start();
        awaitCounted();
        Path backup = jsuperd.logdir.resolve("count-1.stdout.log.2");
        assertTrue(Files.exists(backup), "rotated: " + DaemonHarness.list(jsuperd.logdir));
        gzip(backup);

        Curl tail = curl("http://localhost/services/count/log?lines=2500");
        assertEquals(200, tail.status(), tail.body());
        JsonNode lines = JSON.readTree(tail.body()).get("lines");
        assertEquals(2500, lines.size());
        for (int i = 0; i < 2499; i++) {
            assertEquals(Integer.toString(502 + i), lines.get(i).asText(), "line " + i + " in order, none lost");
        }
        assertEquals("done-counting", lines.get(2499).asText());

        Ctl ctl = jsuperd.ctl("tail", "-n", "3", "count:1");
        assertEquals(0, ctl.exit(), ctl.toString());
        assertEquals("2999\n3000\ndone-counting\n", ctl.out());
    }

    @Test
    void grep_searchesEveryFile_newestFirst_andRefusesBadPatterns() throws Exception {
        jsuperd = new DaemonHarness(tmp, COUNTER).start();
        awaitCounted();
        gzip(jsuperd.logdir.resolve("count-1.stdout.log.3"));

        Curl found = curl("http://localhost/services/count/log?grep=%5E1%5B0-9%5D%7B3%7D%24&lines=5");
        assertEquals(200, found.status(), found.body());
        JsonNode body = JSON.readTree(found.body());
        assertEquals(List.of("1995", "1996", "1997", "1998", "1999"), texts(body.get("lines")), found.body());
        assertTrue(body.get("complete").asBoolean());

        Curl all = curl("http://localhost/services/count/log?grep=%5E7%24&lines=10");
        assertEquals(List.of("7"), texts(JSON.readTree(all.body()).get("lines")), "the oldest backup is searched too");

        Curl bad = curl("http://localhost/services/count/log?grep=(unclosed");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("bad grep pattern"), bad.body());

        Curl traversal = curl("http://localhost/services/..%2F..%2Fetc%2Fpasswd/log?grep=root");
        assertEquals(404, traversal.status(), traversal.body());
        Curl path = curl("http://localhost/services/count/log?grep=root&path=/etc/passwd&file=/etc/passwd");
        assertEquals(200, path.status(), path.body());
        assertEquals(0, JSON.readTree(path.body()).get("lines").size(), "no parameter names a file");

        Ctl ctl = jsuperd.ctl("grep", "^300[0-9]$", "count");
        assertEquals(0, ctl.exit(), ctl.toString());
        assertEquals("3000\n", ctl.out());
    }

    @Test
    void grepSince_filtersStampedLinesByTheirTime_notOnlyFilesByTheirLastWrite() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:stamped]
                cmd = /bin/sh
                args = -c "echo early-needle; sleep 3; echo late-needle; exec sleep 1000"
                startsecs = 0
                stdout_stream.time_format = %Y-%m-%d %H:%M:%S

                """).start();
        Path log = jsuperd.logdir.resolve("stamped-1.stdout.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && DaemonHarness.read(log).contains("late-needle"));
        List<String> written = DaemonHarness.read(log).lines().toList();
        java.time.Instant early = java.time.LocalDateTime.parse(written.get(0).substring(0, 19).replace(' ', 'T'))
                .atZone(java.time.ZoneId.systemDefault()).toInstant(); // jsuperd stamps in the local zone
        String between = early.plusSeconds(1).toString();
        Curl all = curl("http://localhost/services/stamped/log?grep=needle&since=1h");
        assertEquals(2, JSON.readTree(all.body()).get("lines").size(), all.body());
        Curl late = curl("http://localhost/services/stamped/log?grep=needle&since=" + between);
        assertEquals(200, late.status(), late.body());
        List<String> lines = texts(JSON.readTree(late.body()).get("lines"));
        assertEquals(1, lines.size(), "one file, written after " + between + ", but only one line stamped after it: " + lines);
        assertTrue(lines.get(0).endsWith("| late-needle"), lines.toString());
    }

    @Test
    void grep_stopsAPathologicalPattern_inBoundedTime() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:evil]
                cmd = /bin/sh
                args = -c "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!; exec sleep 1000"
                startsecs = 0

                """).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(jsuperd.logdir.resolve("evil-1.stdout.log"))
                && DaemonHarness.read(jsuperd.logdir.resolve("evil-1.stdout.log")).contains("!"));
        Curl slow = curl("http://localhost/services/evil/log?grep=%28.%2Aa%29%7B20%7D%24");
        assertEquals(200, slow.status(), slow.body());
        JsonNode body = JSON.readTree(slow.body());
        assertFalse(body.get("complete").asBoolean(), slow.body());
        assertTrue(body.get("stopped").asText().contains("limit"), slow.body());
        assertEquals(200, jsuperd.request("GET", "/services", null).status(), "the daemon still answers");
    }

    @Test
    void follow_streamsEveryLine_acrossRotations_untilTheClientLeaves() throws Exception {
        jsuperd = new DaemonHarness(tmp, TICKER).start();
        jsuperd.awaitState("tick", 1, "RUNNING");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Process curl = new ProcessBuilder("curl", "-sSN", "--unix-socket", jsuperd.socket.toString(),
                "http://localhost/services/tick:1/log?follow=true&lines=5").redirectErrorStream(true).start();
        jsuperd.remember(curl.pid());
        List<String> got = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    got.add(line);
                }
            } catch (Exception e) {
                got.add("reader failed: " + e);
            }
        });
        reader.start();
        try {
            // 2 KB files of ~9-byte lines: 300 lines span more than one rotation
            await().atMost(Duration.ofSeconds(60)).until(() -> got.size() >= 400);
            int first = Integer.parseInt(got.get(0).substring("tick-".length()));
            for (int i = 0; i < 400; i++) {
                assertEquals("tick-" + (first + i), got.get(i), "consecutive at " + i + ": " + got.subList(0, 400));
            }
            assertTrue(Files.exists(jsuperd.logdir.resolve("tick-1.stdout.log.1")), "rotated meanwhile");
        } finally {
            curl.destroy();
            curl.waitFor();
            reader.join(10_000);
        }
        assertEquals(200, jsuperd.request("GET", "/services", null).status());
    }

    @Test
    void timeRotation_everySecond_losesNoLine_andTailReadsAcrossIt() throws Exception {
        jsuperd = new DaemonHarness(tmp, TICKER.replace("stdout_stream.max_bytes = 2KB", "stdout_stream.max_bytes = 0")
                .replace("stdout_stream.backup_count = 200", "stdout_stream.backup_count = 200\nstdout_stream.rotate_when = S")).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(jsuperd.logdir.resolve("tick-1.stdout.log.3")));
        String current = DaemonHarness.read(jsuperd.logdir.resolve("tick-1.stdout.log"));
        for (int i = 1; i <= 3; i++) {
            String backup = DaemonHarness.read(jsuperd.logdir.resolve("tick-1.stdout.log." + i));
            assertTrue(backup.endsWith("\n"), "rotated at a line boundary: " + backup);
        }
        Curl tail = curl("http://localhost/services/tick/log?lines=10000");
        List<String> lines = texts(JSON.readTree(tail.body()).get("lines"));
        assertTrue(lines.size() > 20, lines.toString());
        assertEquals("tick-1", lines.get(0), "nothing pruned yet: " + current);
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("tick-" + (i + 1), lines.get(i), "no line lost or reordered across time rotations");
        }
    }

    @Test
    void aFollowerThatNeverReads_slowsNoOne() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:chatty]
                cmd = /bin/sh
                args = -c "yes 0123456789012345678901234567890123456789012345678901234567890123456789 | head -c 60000000; echo the-end; exec sleep 1000"
                startsecs = 0
                autostart = false
                stdout_stream.max_bytes = 4MB
                stdout_stream.backup_count = 2

                """).start();
        try (java.nio.channels.SocketChannel stuck = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stuck.connect(java.net.UnixDomainSocketAddress.of(jsuperd.socket));
            stuck.write(java.nio.ByteBuffer.wrap("GET /services/chatty/log?follow=true HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            Process reading = new ProcessBuilder("curl", "-sSN", "--unix-socket", jsuperd.socket.toString(),
                    "http://localhost/services/chatty/log?follow=true&lines=0").redirectOutput(tmp.resolve("reading.out").toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            jsuperd.remember(reading.pid());
            try {
                assertEquals(200, jsuperd.post("/services/chatty/start").status());
                // the child writes 60 MB and ends its output: neither follower holds it back
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        DaemonHarness.read(jsuperd.logdir.resolve("chatty-1.stdout.log")).endsWith("the-end\n"));
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(tmp.resolve("reading.out")).contains("the-end"));
                assertEquals(200, jsuperd.request("GET", "/services", null).status(), "the daemon answers");
            } finally {
                reading.destroy();
                reading.waitFor();
            }
        }
    }

    @Test
    void daemonLog_clear_andTcpNeedsTheToken() throws Exception {
        int port = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, "logfile = " + tmp.resolve("jsuperd-own.log") + "\nhttp = 127.0.0.1:" + port + "\n",
                COUNTER).start();
        awaitCounted();
        Curl main = curl("http://localhost/log?lines=100");
        assertEquals(200, main.status(), main.body());
        assertTrue(main.body().contains("started"), main.body());
        // the start line only: a daemon started with SIGINT/SIGHUP ignored also warns that it "started" with them
        Curl mainGrep = curl("http://localhost/log?grep=started:%20pid&since=1h");
        assertEquals(200, mainGrep.status(), mainGrep.body());
        assertEquals(1, JSON.readTree(mainGrep.body()).get("lines").size(), mainGrep.body());

        HttpResponse<String> tcp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/services/count/log")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, tcp.statusCode(), "logs may hold secrets: " + tcp.body());

        Ctl clear = jsuperd.ctl("clear", "count");
        assertEquals(0, clear.exit(), clear.toString());
        assertEquals(0, Files.size(jsuperd.logdir.resolve("count-1.stdout.log")));
        assertTrue(Files.exists(jsuperd.logdir.resolve("count-1.stdout.log.1")), "backups stay");
        Ctl reopen = jsuperd.ctl("reopen-logs");
        assertEquals(0, reopen.exit(), reopen.toString());
    }

    @Test
    void tailFollow_exits130OnCtrlC_and1WhenTheDaemonShutsDown_overUnixAndTcpWithToken() throws Exception {
        int port = DaemonHarness.freePort();
        jsuperd = new DaemonHarness(tmp, "http = 127.0.0.1:" + port + "\nhttp_token = t0ken\n", TICKER).start();
        jsuperd.awaitState("tick", 1, "RUNNING");
        TailFollower interrupted = new TailFollower(jsuperd, tmp, List.of("--socket", jsuperd.socket.toString(), "tail", "-f", "-n", "2", "tick"));
        TailFollower remote = new TailFollower(jsuperd, tmp, List.of("--url", "http://127.0.0.1:" + port, "--token", "t0ken", "tail", "-f", "tick:1"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> interrupted.lines.size() >= 20 && remote.lines.size() >= 20);
            assertTrue(interrupted.lines.get(5).startsWith("tick-"), interrupted.lines.toString());
            assertEquals(0, DaemonHarness.run(List.of("kill", "-INT", Long.toString(interrupted.process.pid())), null,
                    Map.of()).exit());
            assertTrue(interrupted.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(130, interrupted.process.exitValue(), "Ctrl-C");

            assertEquals(202, jsuperd.post("/shutdown").status());
            assertTrue(remote.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the follower ends with the daemon");
            assertEquals(1, remote.process.exitValue());
            assertTrue(remote.err().contains("jsuperctl: the log stream ended"), remote.err());
        } finally {
            interrupted.process.destroyForcibly();
            remote.process.destroyForcibly();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void gzip(Path file) throws Exception {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }
}
