package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, children and their output: a child cannot freeze capture for others; a full disk heals by itself.
 * Both check the {@link AttackBound} during and after the attack.
 */
class OutputHardeningE2ETest extends DaemonE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TICKER = """
            [watcher:good]
            cmd = /bin/sh
            args = -c "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.05; done"
            startsecs = 0

            """;

    private long ticks(Path log) throws Exception {
        return DaemonHarness.read(log).lines().filter(l -> l.startsWith("tick ")).count();
    }

    private void awaitMoreTicks(Path log) throws Exception {
        long before = ticks(log);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> ticks(log) > before + 5);
    }

    /**
     * Regression (issue 9 #6): the child renames its log away, puts a FIFO in its place and writes a long
     * partial line; rotation used to open the FIFO for reading and park the output thread for good.
     */
    @Test
    void fifoSwappedInAtRotation_doesNotStallOtherWatchersOutput_norShutdown() throws Exception {
        Path evilDir = Files.createDirectory(tmp.resolve("evil"));
        String uid = "";
        if ("root".equals(System.getProperty("user.name"))) {
            // As in production: the child is an unprivileged user that owns its log directory.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(evilDir, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            uid = "uid = nobody\n";
        }
        jsuperd = new DaemonHarness(tmp, TICKER + """
                [watcher:evil]
                cmd = /bin/sh
                args = -c "printf 'first line\\\\npartial'; while [ ! -e go ]; do sleep 0.05; done; mv out.log gone.log; mkfifo out.log; head -c 4000 /dev/zero | tr '\\\\0' x; exec sleep 1000"
                working_dir = %s
                stdout_stream.filename = %s/out.log
                stdout_stream.max_bytes = 1024
                stdout_stream.backup_count = 9
                startsecs = 0
                """.formatted(evilDir, evilDir) + uid + "\n" + AttackBound.VICTIM).start();
        jsuperd.awaitState("good", 1, "RUNNING");
        jsuperd.awaitState("evil", 1, "RUNNING");
        jsuperd.awaitState("victim", 1, "RUNNING");
        Path goodLog = jsuperd.logdir.resolve("good-1.stdout.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(evilDir.resolve("out.log")).equals("first line\npartial"));
        AttackBound bound = new AttackBound(jsuperd, "fifoSwappedInAtRotation").baseline();
        try (AttackBound.Probes ignored = bound.probes("a FIFO swapped in for a log file at rotation")) {
            Files.writeString(evilDir.resolve("go"), "");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(evilDir.resolve("gone.log")));
            awaitMoreTicks(goodLog);
            bound.respawnInNormalTime();
            awaitMoreTicks(goodLog);
        }
        bound.recovered();
        assertEquals("RUNNING", jsuperd.state("evil", 1));
        assertEquals("first line\n", DaemonHarness.read(evilDir.resolve("gone.log")), "the partial line moved on");
        StringBuilder all = new StringBuilder();
        for (int i = 9; i >= 1; i--) {
            all.append(regular(evilDir.resolve("out.log." + i)));
        }
        String rotated = all.append(regular(evilDir.resolve("out.log"))).toString();
        assertTrue(rotated.startsWith("partialxxx"), "the partial line was carried from memory: " + rotated);
        assertEquals(4000, rotated.chars().filter(c -> c == 'x').count());

        jsuperd.signalDaemon("TERM");
        assertTrue(jsuperd.process().waitFor(60, TimeUnit.SECONDS), "shutdown completes");
        assertEquals(0, jsuperd.process().exitValue(), jsuperd.daemonLogText());
    }

    /** Issue 9 #7: a full disk drops (and counts) output; capture comes back by itself once space returns. */
    @Test
    void diskFull_dropsAndCountsOutput_andResumesByItself_withoutStallingAnyone() throws Exception {
        Assumptions.assumeTrue("0".equals(DaemonHarness.run(java.util.List.of("id", "-u"), null, java.util.Map.of()).out().strip()),
                "skipped: mounting a small tmpfs needs root");
        Path small = Files.createDirectory(tmp.resolve("small"));
        Ctl mount = DaemonHarness.run(java.util.List.of("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()),
                null, java.util.Map.of());
        assertEquals(0, mount.exit(), mount.toString());
        try {
            jsuperd = new DaemonHarness(tmp, TICKER + """
                    [watcher:chatty]
                    cmd = /bin/sh
                    args = -c "i=0; while :; do echo chatty line $i with some padding to fill the disk; i=$((i+1)); sleep 0.005; done"
                    stdout_stream.filename = %s/chatty.log
                    startsecs = 0

                    """.formatted(small) + AttackBound.VICTIM).start();
            jsuperd.awaitState("chatty", 1, "RUNNING");
            Path chattyLog = small.resolve("chatty.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(chattyLog) && Files.size(chattyLog) > 0);
            jsuperd.awaitState("good", 1, "RUNNING");
            jsuperd.awaitState("victim", 1, "RUNNING");
            AttackBound bound = new AttackBound(jsuperd, "diskFull").baseline();
            Path goodLog = jsuperd.logdir.resolve("good-1.stdout.log");
            try (AttackBound.Probes ignored = bound.probes("a full disk under a chatty child's log")) {
                fill(small.resolve("filler"));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> dropped("chatty") > 0);
                awaitMoreTicks(goodLog);
                bound.respawnInNormalTime();
            }
            Ctl status = jsuperd.ctl("status", "chatty");
            assertTrue(status.out().contains("dropped output: stdout "), status.toString());
            Ctl json = jsuperd.ctl("--json", "status", "chatty");
            assertTrue(JSON.readTree(json.out()).get("services").get(0).get("output").get("stdout_dropped_bytes").asLong() > 0,
                    json.toString());
            assertTrue(jsuperd.daemonLogText().contains("cannot write log file " + small.resolve("chatty.log")),
                    jsuperd.daemonLogText());
            // the log-drop alarm as an event (drop counters are compared every 10 s)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                    jsuperd.ctl("events").out().contains("log_dropped chatty:1  stdout: "));

            long goodPid = jsuperd.pidOf("good", 1);
            Processes.kill(goodPid, "KILL");
            await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.pidOf("good", 1) != goodPid
                    && "RUNNING".equals(jsuperd.state("good", 1)));
            awaitMoreTicks(goodLog); // a child killed during the outage is restarted, and its output flows

            Files.delete(small.resolve("filler"));
            long size = Files.size(small.resolve("chatty.log"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(small.resolve("chatty.log")) > size + 1000);
            await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.daemonLogText().contains(
                    "writing log file " + small.resolve("chatty.log") + " again after dropping"));
            long droppedAfter = dropped("chatty");
            awaitMoreTicks(goodLog);
            assertEquals(droppedAfter, dropped("chatty"), "nothing dropped once space is back");
            assertEquals(1, jsuperd.daemonLogText().split("cannot write log file", -1).length - 1,
                    "one error per outage, not one per chunk");
            bound.recovered();
        } finally {
            if (jsuperd != null) {
                jsuperd.close();
                jsuperd = null;
            }
            DaemonHarness.run(java.util.List.of("umount", "-l", small.toString()), null, java.util.Map.of());
        }
    }

    /** The file's text if it is a regular file (never opens the FIFO the child planted), else "". */
    private static String regular(Path p) throws java.io.IOException {
        return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
    }

    /** Writes until the file system is full (the last write fails: that is the point). */
    private static void fill(Path filler) {
        try (var out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1024; i++) {
                out.write(new byte[4096]);
            }
            throw new AssertionError("the 256k tmpfs did not fill up");
        } catch (java.io.IOException expected) {
            // disk full
        }
    }

    private long dropped(String watcher) {
        JsonNode output = jsuperd.process(watcher, 1).get("output");
        return output == null ? 0 : output.get("stdout_dropped_bytes").asLong();
    }
}
