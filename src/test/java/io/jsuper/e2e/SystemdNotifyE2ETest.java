package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built daemon under a fake systemd: the notify datagrams of start, reload, failed reload and stop, in order. */
class SystemdNotifyE2ETest extends DaemonE2ETest {

    private static final String WATCHERS = """
            [watcher:sleeper]
            cmd = sleep
            args = 1000
            startsecs = 0

            [watcher:envdump]
            cmd = /bin/sh
            args = -c "env > %s; exec sleep 1000"
            startsecs = 0
            """;

    @Test
    void pathSocket_startReloadFailedReloadStop() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(tmp.resolve("notify.sock").toString())) {
            Path env = tmp.resolve("child.env");
            jsuperd = new DaemonHarness(tmp, WATCHERS.formatted(env));
            jsuperd.environment.put("NOTIFY_SOCKET", systemd.address);
            jsuperd.start();

            List<String> started = systemd.awaitStateMessages(1);
            assertTrue(started.get(0).startsWith("READY=1\nSTATUS="), started.toString());
            assertTrue(started.get(0).contains("running"), started.toString());

            jsuperd.signalDaemon("HUP");
            List<String> reloaded = systemd.awaitStateMessages(3);
            assertTrue(reloaded.get(1).startsWith("RELOADING=1\n"), reloaded.toString());
            assertTrue(reloaded.get(1).matches("(?s).*\nMONOTONIC_USEC=\\d+$"), reloaded.toString());
            assertTrue(reloaded.get(2).startsWith("READY=1\nSTATUS=") && !reloaded.get(2).contains("failed"), reloaded.toString());

            jsuperd.writeConfig(WATCHERS.formatted(env) + "\n[watcher:broken]\nnumprocesses = -5\n");
            jsuperd.signalDaemon("HUP");
            List<String> failed = systemd.awaitStateMessages(5);
            assertTrue(failed.get(3).startsWith("RELOADING=1\n"), failed.toString());
            assertTrue(failed.get(4).startsWith("READY=1\nSTATUS=reload failed"), failed.toString());
            assertTrue(failed.get(4).contains("[watcher:broken]"), failed.toString());

            // The notify variables are jsuperd's: a child must not be able to speak for it.
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(env) && Files.readString(env).contains("PATH="));
            assertFalse(Files.readString(env).contains("NOTIFY_SOCKET"), Files.readString(env));

            jsuperd.signalDaemon("TERM");
            List<String> stopped = systemd.awaitStateMessages(6);
            assertTrue(stopped.get(5).startsWith("STOPPING=1"), stopped.toString());
            assertEquals(6, stopped.size(), stopped.toString());
            assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(6, systemd.stateMessages().size(), "nothing after STOPPING: " + systemd.messages());
        }
    }

    @Test
    void abstractSocket_readyAndWatchdogKeepAlives() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver("@jsuper-e2e-" + UUID.randomUUID())) {
            jsuperd = new DaemonHarness(tmp, "[watcher:sleeper]\ncmd = sleep\nargs = 1000\nstartsecs = 0\n");
            jsuperd.environment.put("NOTIFY_SOCKET", systemd.address);
            jsuperd.environment.put("WATCHDOG_USEC", "400000"); // keep-alive every 200 ms
            jsuperd.start();
            assertTrue(systemd.awaitStateMessages(1).get(0).startsWith("READY=1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> systemd.messages().stream().filter("WATCHDOG=1"::equals).count() >= 3);
            jsuperd.post("/shutdown");
            assertTrue(jsuperd.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(systemd.stateMessages().get(systemd.stateMessages().size() - 1).startsWith("STOPPING=1"),
                    systemd.messages().toString());
        }
    }

    /**
     * Regression: after {@code POST /shutdown} STOPPING=1 used to leave only once every watcher had stopped.
     * It must leave when the shutdown begins: here a child that ignores TERM keeps the shutdown going for
     * its whole graceful_timeout, and STOPPING=1 must arrive while that child still lives and the API answers.
     */
    @Test
    void apiShutdown_sendsStoppingWhenShutdownBegins_beforeTheWatchersHaveStopped() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(tmp.resolve("notify.sock").toString())) {
            jsuperd = new DaemonHarness(tmp, """
                    [watcher:stubborn]
                    cmd = /bin/sh
                    args = -c "trap '' TERM; exec sleep 1000"
                    startsecs = 0
                    graceful_timeout = 15
                    """);
            jsuperd.environment.put("NOTIFY_SOCKET", systemd.address);
            jsuperd.start();
            assertTrue(systemd.awaitStateMessages(1).get(0).startsWith("READY=1"));
            jsuperd.awaitAll("stubborn", "RUNNING");
            long child = jsuperd.pidOf("stubborn", 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> Processes.cmdline(child).startsWith("sleep"));

            assertEquals(202, jsuperd.post("/shutdown").status());
            List<String> states = systemd.awaitStateMessages(2);
            assertTrue(states.get(1).startsWith("STOPPING=1"), states.toString());
            assertTrue(Processes.isAlive(child), "STOPPING=1 came only after the watcher had stopped");
            assertEquals("STOPPING", jsuperd.state("stubborn", 1), "the API still answers while stopping");

            assertTrue(jsuperd.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(2, systemd.stateMessages().size(), "nothing after STOPPING: " + systemd.messages());
        }
    }
}
