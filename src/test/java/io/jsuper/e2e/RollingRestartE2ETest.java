package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 2 and 3 of the zero-downtime issue under load: an HTTP load loop runs through a rolling restart and
 * counts failed requests (the results go to the test output and docs/zero-downtime.md). Plus a roll-out that
 * fails: the old processes keep serving and the CLI fails with the reason.
 */
class RollingRestartE2ETest extends GunicornSocketE2ETest {

    /** Case 2: gunicorn on a daemon-owned socket with a readiness check; restart: 0 failed, all pids changed. */
    @Test
    void case2_gunicornRestart_withSocketAndReadiness_dropsNoRequest() throws Exception {
        int port = DaemonHarness.freePort();
        startGunicornOnSocket(port);
        restartUnderLoad(port, 1, "case 2, gunicorn restart (socket + readiness)", true, "restart", "web");
    }

    /** Case 3: a server that cannot reload on HUP, 2 processes, on an inherited fd; rolling restart: 0 failed. */
    @Test
    void case3_serverThatCannotReload_twoProcesses_rollingRestart_dropsNoRequest() throws Exception {
        int port = startOwnServers("START_DELAY=0.5");
        restartUnderLoad(port, 2, "case 3, own server without HUP, 2 processes, rolling restart", true, "restart", "web");
    }

    /** Without jsuper's rolling restart (all at once) the same server still loses nothing: the socket queues. */
    @Test
    void allAtOnce_onADaemonOwnedSocket_queuesInsteadOfRefusing() throws Exception {
        int port = startOwnServers("START_DELAY=0.5");
        restartUnderLoad(port, 2, "all at once on a daemon-owned socket, 2 processes", false,
                "restart", "--all-at-once", "web");
    }

    /** A new release that cannot start: the roll halts, the old processes serve on, the CLI fails naming why. */
    @Test
    void brokenRelease_haltsTheRoll_oldKeepServing_cliFailsWithTheReason() throws Exception {
        Path release = tmp.resolve("RELEASE");
        Files.writeString(release, "0.2");
        int port = startOwnServers("RELEASE_FILE=" + release);
        Set<Long> before = pids("web");
        LoadLoop load = new LoadLoop(port, 4, 60);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > 50);
        Files.writeString(release, "broken");
        DaemonHarness.Ctl restart = jsuperd.ctl("restart", "web");
        assertNotEquals(0, restart.exit(), restart.toString());
        // which process the roll tried first (web:1, or the surge process web:2) depends on timing
        assertTrue(java.util.regex.Pattern.compile("rolling restart of web failed, the old processes keep serving: "
                + "web:[12] did not become ready").matcher(restart.err()).find(), restart.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pids("web").equals(before));
        long after = load.requests();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > after + 50);
        LoadLoop.Result r = load.stopAndReport();
        report("broken release, rolling restart halted", r);
        assertEquals(0, r.failed(), r.toString());
        assertTrue(r.bodies().keySet().stream().allMatch(b -> b.contains("release 0.2")), r.bodies().toString());
        List<String> events = jsuperd.daemonLogText().lines().filter(l -> l.contains("rolling restart halted")).toList();
        assertEquals(1, events.size(), jsuperd.daemonLogText());
    }

    /** The tests' own server (it cannot reload on HUP), 2 processes on a daemon-owned socket; returns the port. */
    private int startOwnServers(String env) throws Exception {
        SocketServersCheck.requirePython();
        int port = DaemonHarness.freePort();
        Path server = SocketServers.sdListenServer(tmp);
        jsuperd = new DaemonHarness(tmp, """
                [socket:web]
                port = %d

                [watcher:web]
                cmd = %s %s
                use_sockets = true
                numprocesses = 2
                startsecs = 1
                env = %s
                """.formatted(port, SocketServers.PYTHON, server, env)).start();
        jsuperd.awaitAll("web", "RUNNING");
        return port;
    }

    /**
     * Runs {@code jsuperctl args} while a load loop hits {@code port}, waits for {@code processes} again and
     * for more answers, then asserts that no request failed (and, with {@code newPids}, that every pid changed).
     */
    private void restartUnderLoad(int port, int processes, String label, boolean newPids, String... args)
            throws Exception {
        Set<Long> before = pids("web");
        LoadLoop load = new LoadLoop(port, 4, 60);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > 50);
        DaemonHarness.Ctl restart = jsuperd.ctl(args);
        assertEquals(0, restart.exit(), restart.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.processesOf("web").size() == processes);
        long after = load.requests();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > after + 50);
        LoadLoop.Result r = load.stopAndReport();
        report(label, r);
        assertEquals(0, r.failed(), r.toString());
        if (newPids) {
            Set<Long> now = pids("web");
            assertTrue(now.stream().noneMatch(before::contains), "every pid changed: " + before + " -> " + now);
        }
    }
}
