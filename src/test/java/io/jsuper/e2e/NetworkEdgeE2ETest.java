package io.jsuper.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, network edge: the built daemon (-Xmx64m, ExitOnOutOfMemoryError, as packaged) under pipelining
 * non-readers, connection floods, slowloris drippers, a low descriptor limit and malformed requests. Each
 * case checks the {@link AttackBound} during and after the attack.
 */
class NetworkEdgeE2ETest extends DaemonE2ETest {
    private static final Duration ATTACK = Duration.ofSeconds(15);
    private AttackBound bound;
    private String testName;

    @BeforeEach
    void rememberName(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    private DaemonHarness start(String daemonLines) throws Exception {
        jsuperd = new DaemonHarness(tmp, daemonLines, AttackBound.VICTIM);
        jsuperd.start();
        jsuperd.awaitState("victim", 1, "RUNNING");
        bound = new AttackBound(jsuperd, testName).baseline();
        return jsuperd;
    }

    private long fds() throws IOException {
        return AttackBound.fds(jsuperd.pid());
    }

    private void assertReserve(int limit, String message) throws IOException {
        long open = fds();
        assertTrue(open <= limit - 32, message + ": " + open + " of " + limit + " " + AttackBound.fdKinds(jsuperd.pid()));
    }

    /** An attack running in the background for {@link #ATTACK}: probed throughout, a child killed halfway. */
    private void duringAttack(String phase) throws Exception {
        Duration half = ATTACK.dividedBy(2);
        try (AttackBound.Probes ignored = bound.probes(phase)) {
            await().during(half).atMost(half.plusSeconds(10)).until(() -> jsuperd.process().isAlive());
            bound.respawnInNormalTime();
            await().during(half).atMost(half.plusSeconds(10)).until(() -> jsuperd.process().isAlive());
        }
    }

    // ---- the cases

    @Test
    void pipeliningNonReaders_withoutToken_cannotExhaustTheHeap() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\n");
        pipelinersAgainst(port, "");
    }

    @Test
    void pipeliningNonReaders_withToken_cannotExhaustTheHeap() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\nhttp_token = s3cret\n");
        pipelinersAgainst(port, "Authorization: Bearer wrong\r\n");
    }

    private void pipelinersAgainst(int port, String header) throws Exception {
        try (EdgeAttack attack = new EdgeAttack().pipeliners(EdgeAttack.tcp(port), 4, header)) {
            duringAttack("4 pipelining non-readers");
            assertTrue(attack.bytesSent.get() > 0);
        }
        bound.recovered();
    }

    @Test
    void tcpDrippers_areCappedAndCut_unixSocketAndRespawnStillWork() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\nhttp_max_connections = 40\nsocket_max_connections = 40\n"
                + "request_timeout = 2s\n");
        try (EdgeAttack attack = new EdgeAttack()
                .drippers(EdgeAttack.tcp(port), 300, Duration.ofMillis(500))
                .drippers(EdgeAttack.unix(jsuperd.socket), 20, Duration.ofMillis(500))) {
            duringAttack("300 TCP and 20 unix-socket drippers");
            // refused (over the cap) and cut (past request_timeout although every byte came in time)
            assertTrue(attack.closedByDaemon.get() >= 300, "closed by the daemon: " + attack.closedByDaemon.get());
        }
        bound.recovered();
        String log = jsuperd.daemonLogText();
        assertTrue(log.contains("client error: "), "refusals are logged");
        assertTrue(log.lines().filter(l -> l.contains("client error")).count() < 20,
                "client errors are logged rate-limited:\n" + AttackBound.tail(log));
    }

    /**
     * Regression: the daemon's limit is lowered to 150 above what it uses, then 400 TCP connections arrive at
     * once. The edge used to check an estimate against the limit it had read at its last scan of
     * /proc/self/fd: when the flood came within 100 ms of that scan it was accepted up to EMFILE, where the
     * daemon sat for the rest of the test (the unix socket and respawn then needed descriptors that were not
     * there). Here the limit is lowered right after a request, so the flood always meets a fresh scan. Now
     * the limit is read on every accept, and below the reserve the listener stops accepting until it is back.
     */
    @Test
    void lowDescriptorLimit_tcpFloodLeavesTheReserve_forTheUnixSocketAndChildren() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\nhttp_max_connections = 5000\nfd_reserve = 64\n");
        int limit = (int) bound.baselineFds() + 150;
        // Past the estimate's refresh interval, so that this request makes the daemon scan its descriptors
        // against the old limit; the flood then arrives within the same 100 ms.
        await().pollDelay(Duration.ofMillis(250)).atMost(Duration.ofSeconds(1)).until(() -> true);
        jsuperd.get("/services");
        DescriptorLimit.set(jsuperd.pid(), limit);
        List<java.nio.channels.SocketChannel> flood = new ArrayList<>();
        try (AttackBound.Probes probes = bound.probes("400 TCP connections over a low descriptor limit")) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 400; i++) {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
                flood.add(ch);
                ch.configureBlocking(false);
                ch.connect(EdgeAttack.tcp(port)); // loopback: the kernel completes it without the daemon
            }
            System.out.printf("flood: 400 connections opened in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> jsuperd.daemonLogText().contains("free descriptors, reserve 64"));
            // Refused connections are closed as they are refused, and the listener pauses at the reserve.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertReserve(limit, "the daemon kept no reserve"));
            bound.respawnInNormalTime();
            assertReserve(limit, "the reserve did not hold after the respawn");
            probes.awaitProbes();
            assertFalse(jsuperd.daemonLogText().contains("cannot accept on"), "the daemon ran out of descriptors:\n"
                    + AttackBound.tail(jsuperd.daemonLogText()));
        } finally {
            for (var ch : flood) {
                ch.close();
            }
        }
        bound.recovered();
    }

    @Test
    void malformedRequests_are400s_neverAStackTrace_andLoggedRateLimited() throws Exception {
        int port = DaemonHarness.freePort();
        start("http = 127.0.0.1:" + port + "\n");
        List<String> targets = List.of("/services/%zz", "/services/%", "/services/%4", "/services?wait=%zz",
                "/services/web%0d%0aFORGED", "/%");
        try (AttackBound.Probes ignored = bound.probes("600 malformed requests")) {
            for (int round = 0; round < 100; round++) {
                for (String t : targets) {
                    DaemonHarness.Response r = jsuperd.request("GET", t, null);
                    assertEquals(t.contains("FORGED") ? 404 : 400, r.status(), t + " -> " + r.body());
                    assertTrue(r.body().has("error"), String.valueOf(r.body()));
                }
            }
            bound.respawnInNormalTime();
        }
        String log = jsuperd.daemonLogText();
        assertFalse(log.contains("\tat "), "a stack trace in the daemon log:\n" + AttackBound.tail(log));
        assertFalse(log.contains("Exception"), "an exception in the daemon log:\n" + AttackBound.tail(log));
        assertFalse(log.lines().anyMatch(l -> l.startsWith("FORGED")), "a forged log line");
        assertTrue(log.lines().filter(l -> l.contains("client error")).count() <= 3,
                "600 client errors must be logged rate-limited:\n" + AttackBound.tail(log));
        bound.recovered();
    }
}
