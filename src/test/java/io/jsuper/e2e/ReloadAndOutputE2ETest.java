package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** SIGHUP reload, HUP forwarding, output capture with rotation, and SIGUSR2, end to end. */
class ReloadAndOutputE2ETest extends DaemonE2ETest {

    private static String sleeper(String name, String args) {
        return "[watcher:" + name + "]\ncmd = sleep\nargs = " + args + "\nstartsecs = 0\n\n";
    }

    @Test
    void sighup_appliesExactlyTheDifference() throws Exception {
        jsuperd = new DaemonHarness(tmp, sleeper("keep", "1000") + sleeper("change", "1000") + sleeper("drop", "1000")).start();
        jsuperd.awaitState("keep", 1, "RUNNING");
        jsuperd.awaitState("change", 1, "RUNNING");
        jsuperd.awaitState("drop", 1, "RUNNING");
        long keepPid = jsuperd.pidOf("keep", 1);
        long changePid = jsuperd.pidOf("change", 1);
        long dropPid = jsuperd.pidOf("drop", 1);

        jsuperd.writeConfig(sleeper("keep", "1000") + sleeper("change", "2000") + sleeper("added", "1000"));
        jsuperd.signalDaemon("HUP");

        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.processesOf("drop").isEmpty()
                && jsuperd.processesOf("added").size() == 1 && "RUNNING".equals(jsuperd.state("added", 1))
                && "RUNNING".equals(jsuperd.state("change", 1)) && jsuperd.pidOf("change", 1) != changePid);
        assertEquals(keepPid, jsuperd.pidOf("keep", 1), "unchanged watcher untouched");
        assertFalse(Processes.isAlive(dropPid), "removed watcher's process stopped");
        assertFalse(Processes.isAlive(changePid), "changed watcher's old process stopped");
        // With startsecs = 0 the process is RUNNING at spawn: on a loaded machine the spawn helper may not have
        // exec'd the program yet, so its cmdline is awaited.
        Path cmdline = Path.of("/proc", Long.toString(jsuperd.pidOf("change", 1)), "cmdline");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals("2000", List.of(Files.readString(cmdline).split("\0")).get(1), Files.readString(cmdline)));
    }

    /**
     * Started as {@code nohup jsuperd} would be (SIGHUP ignored, inherited across exec): the JVM then installs
     * no handler and, before the fix, every SIGHUP was dropped without a word. Now the daemon restores it and says so.
     */
    @Test
    void startedWithSighupIgnored_stillReloadsOnSighup() throws Exception {
        jsuperd = new DaemonHarness(tmp, sleeper("change", "1000"));
        jsuperd.launcher.addAll(List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        jsuperd.start();
        jsuperd.awaitState("change", 1, "RUNNING");
        long before = jsuperd.pidOf("change", 1);
        assertTrue(jsuperd.daemonLogText().contains("SIGHUP was ignored when jsuperd started"), jsuperd.daemonLogText());
        jsuperd.writeConfig(sleeper("change", "2000"));
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(jsuperd.state("change", 1))
                && jsuperd.pidOf("change", 1) != before);
        assertFalse(Processes.isAlive(before), "the old process was stopped by the reload");
    }

    @Test
    void sighupWithABrokenConfig_changesNothing() throws Exception {
        jsuperd = new DaemonHarness(tmp, sleeper("keep", "1000")).start();
        jsuperd.awaitState("keep", 1, "RUNNING");
        long pid = jsuperd.pidOf("keep", 1);
        jsuperd.writeConfig(sleeper("keep", "2000") + "[watcher:broken]\nnumprocesses = -5\n");
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(10)).until(() -> jsuperd.daemonLogText().contains("reload failed"));
        assertTrue(jsuperd.daemonLogText().contains("numprocesses"), jsuperd.daemonLogText());
        assertEquals(pid, jsuperd.pidOf("keep", 1));
        assertEquals(1, jsuperd.services().size());
    }

    @Test
    void sighup_isForwardedToSendHupWatchers() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:app]
                cmd = /bin/sh
                args = -c "trap 'echo got-hup' HUP; echo ready; while :; do sleep 0.05; done"
                send_hup = true
                startsecs = 0

                [watcher:plain]
                cmd = /bin/sh
                args = -c "trap 'echo got-hup' HUP; echo ready; while :; do sleep 0.05; done"
                startsecs = 0
                """).start();
        jsuperd.awaitState("app", 1, "RUNNING");
        jsuperd.awaitState("plain", 1, "RUNNING");
        Path appOut = jsuperd.logdir.resolve("app-1.stdout.log");
        Path plainOut = jsuperd.logdir.resolve("plain-1.stdout.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(appOut).contains("ready")
                && DaemonHarness.read(plainOut).contains("ready"));
        long appPid = jsuperd.pidOf("app", 1);
        long plainPid = jsuperd.pidOf("plain", 1);
        jsuperd.signalDaemon("HUP");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(appOut).contains("got-hup"));
        assertEquals(appPid, jsuperd.pidOf("app", 1), "HUP forwarded, not restarted");
        assertEquals(plainPid, jsuperd.pidOf("plain", 1));
        assertFalse(DaemonHarness.read(plainOut).contains("got-hup"), "no HUP without send_hup");
    }

    @Test
    void output_isCapturedAndRotated_withNoLostOrReorderedLine() throws Exception {
        int lines = 200_000;
        jsuperd = new DaemonHarness(tmp, """
                [watcher:chatty]
                cmd = seq 1 %d
                startsecs = 0
                autorestart = false
                stdout_stream.max_bytes = 64KB
                stdout_stream.backup_count = 40
                """.formatted(lines)).start();
        jsuperd.awaitState("chatty", 1, "EXITED");
        Path current = jsuperd.logdir.resolve("chatty-1.stdout.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(current).endsWith(lines + "\n"));
        List<String> all = new ArrayList<>();
        for (int i = 40; i >= 1; i--) {
            Path backup = Path.of(current + "." + i);
            if (Files.exists(backup)) {
                assertTrue(Files.size(backup) <= 64 * 1024, backup + " over max_bytes");
                String text = Files.readString(backup);
                assertTrue(text.endsWith("\n"), backup + " ends mid-line");
                all.addAll(text.lines().toList());
            }
        }
        all.addAll(Files.readString(current).lines().toList());
        assertTrue(Files.exists(Path.of(current + ".2")), "rotation happened");
        for (int i = 0; i < all.size(); i++) {
            assertEquals(Integer.toString(i + 1), all.get(i), "line " + (i + 1));
        }
        assertEquals(lines, all.size());
    }

    @Test
    void daemonLog_goesToLogfileToo_andIsReopenedOnSigusr2() throws Exception {
        Path logfile = tmp.resolve("jsuperd.log");
        jsuperd = new DaemonHarness(tmp, "logfile = " + logfile + "\n", sleeper("one", "1000")).start();
        jsuperd.awaitState("one", 1, "RUNNING");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(logfile).contains("success: one:1 entered RUNNING state"));
        assertTrue(jsuperd.daemonLogText().contains("success: one:1 entered RUNNING state"), "the console keeps it too");
        Path moved = tmp.resolve("jsuperd.log.1");
        Files.move(logfile, moved);
        jsuperd.signalDaemon("USR2");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(logfile).contains("reopened the output files"));
        assertTrue(DaemonHarness.read(moved).contains("received SIGUSR2"), "lines before the reopen stay in the moved file");
        assertFalse(DaemonHarness.read(moved).contains("reopened the output files"), "new lines go to the new file");
    }

    @Test
    void sigusr2_reopensOutputFiles_afterAnExternalRotate() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:ticker]
                cmd = /bin/sh
                args = -c "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.05; done"
                startsecs = 0
                """).start();
        Path out = jsuperd.logdir.resolve("ticker-1.stdout.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> DaemonHarness.read(out).contains("tick 2\n"));
        Path moved = tmp.resolve("moved.log");
        Files.move(out, moved);
        jsuperd.signalDaemon("USR2");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out) && DaemonHarness.read(out).contains("tick"));
        assertTrue(DaemonHarness.read(moved).contains("tick 1\n"));
    }
}
