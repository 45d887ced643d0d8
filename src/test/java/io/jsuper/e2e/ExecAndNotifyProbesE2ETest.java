package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * exec and notify checks under the built daemon: real commands as side children (timed out and killed with
 * their group), and real {@code READY=1} datagrams from {@code systemd-notify} and from Python's socket module.
 */
class ExecAndNotifyProbesE2ETest extends DaemonE2ETest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void execReadiness_gatesRunning_andATimedOutCheckLeavesNothing() throws Exception {
        Marked mark = new Marked();
        Path flag = tmp.resolve("ready.flag");
        jsuperd = new DaemonHarness(tmp, """
                [watcher:web]
                cmd = sleep 1000
                startsecs = 0
                readiness = exec /bin/sh -c "test -f %s"
                readiness.interval = 200ms
                readiness.timeout = 5s
                ready_deadline = 60s

                [watcher:slow]
                cmd = sleep 1000
                startsecs = 0
                %s
                liveness = exec /bin/sh -c "sleep 300 & sleep 300"
                liveness.interval = 300ms
                liveness.timeout = 400ms
                liveness.failure_threshold = 1000
                """.formatted(flag, mark.envLine())).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.process("web", 1).get("probes").get(0)
                .get("checks").asLong() >= 2);
        assertEquals("STARTING", jsuperd.state("web", 1), "the check fails until the file exists");
        assertEquals("exit 1", jsuperd.process("web", 1).get("probes").get(0).get("last_result").asText());
        Files.writeString(flag, "");
        jsuperd.awaitState("web", 1, "RUNNING");
        JsonNode probe = jsuperd.process("web", 1).get("probes").get(0);
        assertEquals("exec /bin/sh -c \"test -f " + flag + "\"", probe.get("check").asText());
        assertEquals("ok", probe.get("last_result").asText());

        // the liveness command never ends: killed with what it started after 400 ms, every time
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.process("slow", 1).get("probes").get(0)
                .get("checks").asLong() >= 3);
        assertEquals("timed out after 400 ms",
                jsuperd.process("slow", 1).get("probes").get(0).get("last_result").asText());
        long main = jsuperd.pidOf("slow", 1);
        // only the main process (and at most one check in flight with its two sleeps) carry the marker
        await().atMost(Duration.ofSeconds(20)).until(() -> mark.pids().stream().filter(p -> p != main).count() <= 3);
        assertEquals("RUNNING", jsuperd.state("slow", 1), "failure_threshold 1000 is not reached");
        jsuperd.post("/services/slow/stop");
        jsuperd.awaitState("slow", 1, "STOPPED");
        await().atMost(Duration.ofSeconds(20)).until(() -> mark.pids().isEmpty());
    }

    @Test
    void notifyReadiness_fromSystemdNotifyAndFromPython_andNeverReadyIsAFailedStart() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-notify")), "needs systemd-notify (Debian systemd)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs python3");
        Path go = tmp.resolve("go.flag");
        jsuperd = new DaemonHarness(tmp, """
                [watcher:shell]
                cmd = /bin/sh -c "while ! test -f %s; do sleep 0.1; done; systemd-notify --ready --status=warm; exec sleep 1000"
                startsecs = 0
                readiness = notify

                [watcher:py]
                cmd = %s -c "import os, socket, time; a = os.environ['NOTIFY_SOCKET']; a = chr(0) + a[1:] if a[0] == '@' else a; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'READY=1', a); time.sleep(1000)"
                startsecs = 0
                numprocesses = 2
                readiness = notify

                [watcher:mute]
                cmd = sleep 1000
                readiness = notify
                ready_deadline = 2s
                max_retry = 0
                """.formatted(go, PYTHON)).start();
        jsuperd.awaitAll("py", "RUNNING");
        assertEquals("READY=1", jsuperd.process("py", 2).get("probes").get(0).get("last_result").asText());
        assertEquals("STARTING", jsuperd.state("shell", 1));
        Files.writeString(go, "");
        jsuperd.awaitState("shell", 1, "RUNNING");
        assertEquals("READY=1: warm", jsuperd.process("shell", 1).get("probes").get(0).get("last_result").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.state("mute", 1).equals("FATAL"));
        assertTrue(jsuperd.process("mute", 1).get("reason").asText().contains("not ready within ready_deadline (2000 ms)"),
                jsuperd.process("mute", 1).toString());
    }
}
