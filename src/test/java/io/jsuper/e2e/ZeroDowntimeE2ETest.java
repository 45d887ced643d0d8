package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Daemon-owned sockets ({@code [socket:NAME]}, {@code use_sockets}) under the built daemon, with a server of
 * the tests' own that serves on an inherited fd and with Debian's gunicorn ({@code --bind fd://N}).
 */
class ZeroDowntimeE2ETest extends DaemonE2ETest {

    static void requirePython() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(SocketServers.PYTHON)), "needs python3 (Debian python3)");
    }

    @Test
    void inheritedSocket_servesWithSystemdVariables_andOutlivesRestarts() throws Exception {
        requirePython();
        int port = DaemonHarness.freePort();
        Path server = SocketServers.sdListenServer(tmp);
        jsuperd = new DaemonHarness(tmp, """
                [socket:web]
                host = 127.0.0.1
                port = %d

                [socket:admin]
                path = %s
                umask = 077

                [watcher:web]
                cmd = %s %s
                use_sockets = true
                startsecs = 1
                """.formatted(port, tmp.resolve("admin.sock"), SocketServers.PYTHON, server)).start();
        jsuperd.awaitState("web", 1, "RUNNING");
        String body = HttpGet.body(port);
        long pid = jsuperd.pidOf("web", 1);
        assertEquals("pid " + pid + " release - fd 3 names web:admin fds 2", body);
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(tmp.resolve("admin.sock")), "umask = 077 on the unix socket");

        JsonNode sockets = jsuperd.get("/sockets").get("sockets");
        assertEquals("web", sockets.get(0).get("name").asText());
        assertEquals("127.0.0.1:" + port, sockets.get(0).get("address").asText());
        assertEquals(3, sockets.get(0).get("child_fd").asInt());
        assertEquals("web", sockets.get(0).get("users").get(0).asText());
        assertEquals("unix:" + tmp.resolve("admin.sock"), sockets.get(1).get("address").asText());
        DaemonHarness.Ctl ctl = jsuperd.ctl("sockets");
        assertEquals(0, ctl.exit(), ctl.toString());
        assertTrue(ctl.out().contains("127.0.0.1:" + port) && ctl.out().contains("child fd 3"), ctl.out());
        DaemonHarness.Ctl status = jsuperd.ctl("status");
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("socket web ") && l.contains("127.0.0.1:" + port)
                && l.contains("child fd 3") && l.contains("users web")), "sockets appear in status: " + status.out());

        // stopped: the daemon still holds the socket, so a client waits in the queue instead of being refused
        assertEquals(0, jsuperd.ctl("stop", "web").exit());
        try (java.net.Socket waiting = new java.net.Socket("127.0.0.1", port)) {
            assertTrue(waiting.isConnected(), "connect is accepted by the kernel while no process runs");
            assertEquals(0, jsuperd.ctl("start", "web").exit());
            waiting.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            waiting.setSoTimeout(20_000);
            String answer = new String(waiting.getInputStream().readAllBytes());
            assertTrue(answer.startsWith("HTTP/1.0 200"), answer);
        }
        assertNotEquals(pid, jsuperd.pidOf("web", 1));
    }

    @Test
    void gunicorn_servesOnTheDaemonsSocket() throws Exception {
        HostTools.require("gunicorn", "gunicorn");
        int port = DaemonHarness.freePort();
        SocketServers.wsgiApp(tmp.resolve("app"), "0.1");
        jsuperd = new DaemonHarness(tmp, """
                [socket:web]
                port = %d

                [watcher:web]
                cmd = /usr/bin/gunicorn --bind fd://$(circus.sockets.web) --workers 2 --chdir %s app:app
                use_sockets = true
                startsecs = 1
                """.formatted(port, tmp.resolve("app"))).start();
        jsuperd.awaitState("web", 1, "RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpGet.tryBody(port).contains("release 0.1"));
        Set<String> workers = java.util.stream.IntStream.range(0, 20).mapToObj(i -> HttpGet.tryBody(port))
                .collect(Collectors.toSet());
        assertTrue(workers.stream().allMatch(b -> b.contains("release 0.1")), workers.toString());
    }
}
