package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jsuperctl fg} and {@code jsuperctl daemon-restart} through the built client against the real daemon. */
class FgAndDaemonRestartE2ETest extends DaemonE2ETest {
    /** Prints a numbered line to stdout and to stderr five times a second. */
    private static final String TALKER = "[watcher:talk]\ncmd = /bin/sh\nargs = -c \"i=0; while :; do i=$((i+1)); "
            + "echo out-$i; echo err-$i >&2; sleep 0.2; done\"\nstartsecs = 0\n";

    @Test
    void fg_showsStdoutAndStderr_untilCtrlC_whichDetachesAndLeavesTheProcessRunning() throws Exception {
        jsuperd = new DaemonHarness(tmp, TALKER + "[watcher:idle]\ncmd = sleep 1000\nautostart = false\n").start();
        jsuperd.awaitAll("talk", "RUNNING");
        long pid = jsuperd.pidOf("talk", 1);
        Process fg = new ProcessBuilder(DaemonHarness.ctlForCtrlC(List.of("--socket", jsuperd.socket.toString(), "fg", "talk:1")))
                .start();
        try {
            Captured out = new Captured(fg.getInputStream());
            Captured err = new Captured(fg.getErrorStream());
            await().atMost(Duration.ofSeconds(30)).until(() -> out.text().contains("out-") && err.text().contains("err-"));
            int before = out.text().split("\n").length;
            await().atMost(Duration.ofSeconds(30)).until(() -> out.text().split("\n").length > before + 2); // it follows
            new ProcessBuilder("kill", "-INT", Long.toString(fg.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(fg.waitFor(30, TimeUnit.SECONDS), "fg did not detach on SIGINT");
            assertEquals(130, fg.exitValue(), err.text());
            assertTrue(!out.text().contains("err-") && !err.text().contains("out-"), "streams mixed up:\n" + out.text() + err.text());
        } finally {
            fg.destroyForcibly();
        }
        assertEquals("RUNNING", jsuperd.state("talk", 1));
        assertEquals(pid, jsuperd.pidOf("talk", 1), "detaching must not touch the process");

        Ctl notRunning = jsuperd.ctl("fg", "idle");
        assertEquals(1, notRunning.exit(), notRunning.toString());
        assertEquals(List.of("jsuperctl: idle is not running (jsuperctl start idle first)"), notRunning.errLines());
        Ctl unknown = jsuperd.ctl("fg", "nope");
        assertEquals(4, unknown.exit(), unknown.toString());
    }

    @Test
    void daemonRestart_keepsThePid_restartsEveryProcess_andReadsTheConfigAgain() throws Exception {
        jsuperd = new DaemonHarness(tmp, "[watcher:a]\ncmd = sleep 1000\nstartsecs = 0\n").start();
        jsuperd.awaitAll("a", "RUNNING");
        long child = jsuperd.pidOf("a", 1);
        long daemon = jsuperd.pid();
        jsuperd.writeConfig("[watcher:a]\ncmd = sleep 1000\nstartsecs = 0\n[watcher:b]\ncmd = sleep 1000\nstartsecs = 0\n");

        Ctl r = jsuperd.ctl("daemon-restart");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("jsuperd restarted (pid " + daemon + ", version ", r.out().substring(0, r.out().indexOf("version ") + 8));
        jsuperd.awaitAll("a", "RUNNING");
        jsuperd.awaitAll("b", "RUNNING");
        assertNotEquals(child, jsuperd.pidOf("a", 1), "every process was stopped and started again");
        assertTrue(jsuperd.process().isAlive());
        assertEquals(Long.toString(daemon), jsuperd.ctl("pid").out().strip(), "same pid: a new JVM in the same process");
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(jsuperd.daemonLogText().contains("jsuperd restarting"), jsuperd.daemonLogText());

        // A shutdown still ends the restarted daemon (its signal handling and API are the fresh JVM's).
        assertEquals(0, jsuperd.ctl("shutdown").exit());
        assertTrue(jsuperd.process().waitFor(30, TimeUnit.SECONDS), "the restarted daemon did not shut down");
    }

    /** Under systemd the exec keeps MAINPID: the unit must see a reload (RELOADING=1, READY=1), never STOPPING=1. */
    @Test
    void daemonRestart_underSystemd_isAReload_notAStop() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(tmp.resolve("notify.sock").toString())) {
            jsuperd = new DaemonHarness(tmp, "[watcher:a]\ncmd = sleep 1000\nstartsecs = 0\n");
            jsuperd.environment.put("NOTIFY_SOCKET", systemd.address);
            jsuperd.start();
            assertTrue(systemd.awaitStateMessages(1).get(0).startsWith("READY=1"), systemd.messages().toString());
            Ctl r = jsuperd.ctl("daemon-restart");
            assertEquals(0, r.exit(), r.toString());
            List<String> states = systemd.awaitStateMessages(3);
            assertTrue(states.get(1).startsWith("RELOADING=1"), states.toString());
            assertTrue(states.get(2).startsWith("READY=1"), states.toString());
            assertTrue(states.stream().noneMatch(m -> m.startsWith("STOPPING=1")), states.toString());
            jsuperd.awaitAll("a", "RUNNING");
        }
    }

    /** Collects a stream on a thread of its own. */
    private static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Captured(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
