package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 6 of the zero-downtime issue: a socket whose definition changes on reload, and a daemon restart, with
 * real servers under an HTTP load loop (docs/zero-downtime.md, "Reloads and daemon restarts").
 */
class SocketRebindE2ETest extends GunicornSocketE2ETest {

    /** jsuperctl daemon-restart: the new jsuperd in the same process keeps the socket; gunicorn loses nothing. */
    @Test
    void case6_daemonRestart_keepsTheSocket_gunicornUnderLoad_dropsNoRequest() throws Exception {
        int port = DaemonHarness.freePort();
        startGunicornOnSocket(port);
        long fdBefore = jsuperd.get("/sockets").get("sockets").get(0).get("fd").asLong();
        Set<Long> before = pids("web");
        LoadLoop load = new LoadLoop(port, 4, 90);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > 50);

        DaemonHarness.Ctl r = jsuperd.ctl("daemon-restart");
        assertEquals(0, r.exit(), r.toString());
        jsuperd.awaitState("web", 1, "RUNNING");
        long after = load.requests();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.requests() > after + 50);
        LoadLoop.Result result = load.stopAndReport();
        report("case 6, daemon-restart with gunicorn on a daemon-owned socket", result);
        assertEquals(0, result.failed(), result.toString());
        assertTrue(pids("web").stream().noneMatch(before::contains), "gunicorn was restarted with the daemon");
        assertEquals(fdBefore, jsuperd.get("/sockets").get("sockets").get(0).get("fd").asLong(), "the same socket");
        assertTrue(jsuperd.daemonLogText().contains("socket web: kept across the daemon restart, 127.0.0.1:" + port),
                jsuperd.daemonLogText());
    }

    /** A daemon restart after the section changed: the old socket is closed, the new one bound, and said so. */
    @Test
    void case6_daemonRestart_withAChangedSection_bindsTheNewSocket() throws Exception {
        int oldPort = startOwnServers(DaemonHarness.freePort(), 2048);
        int newPort = DaemonHarness.freePort();
        jsuperd.writeConfig(ownServers(newPort, 2048));
        DaemonHarness.Ctl r = jsuperd.ctl("daemon-restart");
        assertEquals(0, r.exit(), r.toString());
        jsuperd.awaitAll("web", "RUNNING");
        assertTrue(HttpGet.body(newPort).contains("release -"));
        assertTrue(refuses(oldPort), "the old socket is closed");
        assertTrue(jsuperd.daemonLogText().contains("socket web: definition changed while jsuperd restarted: its old "
                + "socket (fd "), jsuperd.daemonLogText());
    }

    /** A reload with a new port: rebound, a warning names it, the users get new processes, the old port is closed. */
    @Test
    void case6_reloadWithANewPort_rebindsTheSocket_logsIt_andRestartsItsUsers() throws Exception {
        int oldPort = startOwnServers(DaemonHarness.freePort(), 2048);
        Set<Long> before = pids("web");
        int newPort = DaemonHarness.freePort();
        jsuperd.writeConfig(ownServers(newPort, 2048));
        DaemonHarness.Ctl update = jsuperd.ctl("update");
        assertEquals(0, update.exit(), update.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pids("web").size() == 2
                && pids("web").stream().noneMatch(before::contains)
                && jsuperd.processesOf("web").stream().allMatch(p -> p.get("state").asText().equals("RUNNING")));
        assertTrue(HttpGet.body(newPort).contains("release -"));
        await().atMost(Duration.ofSeconds(30)).until(() -> refuses(oldPort));
        assertTrue(jsuperd.daemonLogText().contains("socket web: definition changed, rebound as 127.0.0.1:" + newPort),
                jsuperd.daemonLogText());
    }

    /** Only the backlog changed: applied to the open socket under load; nothing restarted, nothing lost. */
    @Test
    void case6_backlogChange_isAppliedInPlace_underLoad_noRestart() throws Exception {
        int port = startOwnServers(DaemonHarness.freePort(), 2048);
        Set<Long> before = pids("web");
        LoadLoop load = new LoadLoop(port, 4, 60);
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > 50);
        jsuperd.writeConfig(ownServers(port, 4096));
        DaemonHarness.Ctl update = jsuperd.ctl("update");
        assertEquals(0, update.exit(), update.toString());
        long after = load.requests();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.requests() > after + 50);
        LoadLoop.Result r = load.stopAndReport();
        report("case 6, backlog changed on reload (in place)", r);
        assertEquals(0, r.failed(), r.toString());
        assertEquals(before, pids("web"));
        assertTrue(jsuperd.daemonLogText().contains("socket web: backlog/umask changed, applied to the open socket"),
                jsuperd.daemonLogText());
    }

    /**
     * Regression: a change on the same address that needs a new socket, while processes hold the old one, made
     * jsuperd close its copy, fail the bind and lose the socket: later processes started without it. Now the
     * reload fails naming why, and a restart still hands the socket over.
     */
    @Test
    void sameAddressChange_whileServing_failsTheReload_andKeepsTheSocket() throws Exception {
        int port = startOwnServers(DaemonHarness.freePort(), 2048);
        jsuperd.writeConfig(ownServers(port, 2048).replace("port = " + port, "port = " + port + "\nso_reuseport = true"));
        DaemonHarness.Ctl update = jsuperd.ctl("update");
        assertNotEquals(0, update.exit(), update.toString());
        assertTrue(update.err().contains("still held by running processes"), update.toString());
        assertEquals(1, jsuperd.get("/sockets").get("sockets").size());
        DaemonHarness.Ctl restart = jsuperd.ctl("restart", "web");
        assertEquals(0, restart.exit(), restart.toString());
        jsuperd.awaitAll("web", "RUNNING");
        assertTrue(HttpGet.body(port).contains("fds 1"), "the new processes got the socket");
    }

    private int startOwnServers(int port, int backlog) throws Exception {
        SocketServersCheck.requirePython();
        jsuperd = new DaemonHarness(tmp, ownServers(port, backlog)).start();
        jsuperd.awaitAll("web", "RUNNING");
        return port;
    }

    private String ownServers(int port, int backlog) throws IOException {
        Path server = SocketServers.sdListenServer(tmp);
        return """
                [socket:web]
                port = %d
                backlog = %d

                [watcher:web]
                cmd = %s %s
                use_sockets = true
                numprocesses = 2
                startsecs = 1
                """.formatted(port, backlog, SocketServers.PYTHON, server);
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
