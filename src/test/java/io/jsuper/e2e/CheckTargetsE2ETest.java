package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks whose target is a daemon-owned socket ({@code $(circus.sockets.NAME)}) or a port from each process's
 * environment ({@code $(circus.env.PORT)} with {@code $(circus.wid)} in it), under the built daemon.
 */
class CheckTargetsE2ETest extends DaemonE2ETest {

    @Test
    void tcpChecks_reachTheDaemonOwnedSocket_andEachProcessesOwnPortFromItsEnv() throws Exception {
        int socketPort = DaemonHarness.freePort();
        // two ports that differ only in the last digit, 22xx1 and 22xx2 (this suite's range): web:1 and web:2
        String prefix = null;
        for (int p = 2200; p < 2299 && prefix == null; p++) {
            if (free(p * 10 + 1) && free(p * 10 + 2)) {
                prefix = Integer.toString(p);
            }
        }
        assertNotNull(prefix, "no two free ports in 22001..22992");
        try (ServerSocket first = new ServerSocket(Integer.parseInt(prefix + "1"), 50, InetAddress.getLoopbackAddress())) {
            jsuperd = new DaemonHarness(tmp, """
                    [socket:web]
                    host = 127.0.0.1
                    port = %d

                    [watcher:front]
                    cmd = sleep 1000
                    use_sockets = true
                    readiness = tcp $(circus.sockets.web)
                    readiness.interval = 300ms

                    [watcher:api]
                    cmd = sleep 1000
                    numprocesses = 2
                    startsecs = 0
                    env = PORT=%s$(circus.wid)
                    liveness = tcp 127.0.0.1:$(circus.env.PORT)
                    liveness.interval = 300ms
                    liveness.failure_threshold = 1000
                    """.formatted(socketPort, prefix)).start();
            // jsuperd holds the listening socket: the kernel completes the handshake even before anyone accepts
            jsuperd.awaitState("front", 1, "RUNNING");
            JsonNode front = jsuperd.process("front", 1).get("probes").get(0);
            assertEquals("connect 127.0.0.1:" + socketPort, front.get("check").asText(), front.toString());
            assertTrue(front.get("passing").asBoolean(), front.toString());

            String one = prefix + "1";
            String two = prefix + "2";
            await().atMost(Duration.ofSeconds(30)).until(() -> checks("api", 1) > 0 && checks("api", 2) > 0);
            JsonNode api1 = jsuperd.process("api", 1).get("probes").get(0);
            JsonNode api2 = jsuperd.process("api", 2).get("probes").get(0);
            assertEquals("connect 127.0.0.1:" + one, api1.get("check").asText());
            assertEquals("connect 127.0.0.1:" + two, api2.get("check").asText());
            await().atMost(Duration.ofSeconds(30)).until(() -> jsuperd.process("api", 1).get("probes").get(0)
                    .get("last_result").asText().equals("ok"));
            assertNotEquals("ok", jsuperd.process("api", 2).get("probes").get(0).get("last_result").asText(),
                    "nobody listens on " + two);
        }
    }

    @Test
    void anUnknownVariableInACheck_isAConfigErrorWithFileAndLine() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:api]
                cmd = sleep 1000
                copy_env = false
                liveness = tcp 127.0.0.1:$(circus.env.NO_SUCH_PORT)
                """);
        DaemonHarness.Ctl check = DaemonHarness.run(java.util.List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(),
                "--check", "-c", jsuperd.config.toString()), null, java.util.Map.of());
        assertEquals(78, check.exit(), check.toString());
        assertTrue(check.err().contains(jsuperd.config.getFileName() + ":"), check.toString());
        assertTrue(check.err().contains("[watcher:api] liveness: $(circus.env.NO_SUCH_PORT) in liveness: NO_SUCH_PORT is not "
                + "in the environment of api's processes"), check.toString());
    }

    private long checks(String watcher, int wid) {
        JsonNode probes = jsuperd.process(watcher, wid).get("probes");
        return probes.isEmpty() ? 0 : probes.get(0).get("checks").asLong();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
