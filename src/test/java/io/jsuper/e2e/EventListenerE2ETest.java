package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * supervisord's {@code [eventlistener:x]} under the built jsuperd, with real listener processes speaking the
 * protocol (READY / RESULT) on their stdin and stdout: a listener of the tests' own in plain Python, and one
 * written with supervisord's own {@code supervisor.childutils} (Debian package supervisor), as superlance's
 * plugins are, which calls back into jsuperd's XML-RPC through SUPERVISOR_SERVER_URL.
 */
class EventListenerE2ETest extends DaemonE2ETest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Records "eventname serial payload" per event; mode ok, failfirst (FAIL each serial once) or junk. */
    private static final String LISTENER = String.join("\n",
            "import sys",
            "out = open(sys.argv[1], 'a', buffering=1)",
            "mode = sys.argv[2]",
            "failed = set()",
            "def say(s):",
            "    sys.stdout.write(s)",
            "    sys.stdout.flush()",
            "while True:",
            "    say('READY\\n')",
            "    line = sys.stdin.readline()",
            "    if not line:",
            "        break",
            "    h = dict(x.split(':', 1) for x in line.split())",
            "    payload = sys.stdin.read(int(h['len']))",
            "    out.write(h['eventname'] + ' ' + h['serial'] + ' ' + payload.replace('\\n', '|') + '\\n')",
            "    sys.stderr.write('listener got ' + h['eventname'] + '\\n')",
            "    sys.stderr.flush()",
            "    if mode == 'junk':",
            "        say('this is not the protocol\\n')",
            "    elif mode == 'failfirst' and h['serial'] not in failed:",
            "        failed.add(h['serial'])",
            "        say('RESULT 4\\nFAIL')",
            "    else:",
            "        say('RESULT 2\\nOK')",
            "");

    /** A listener in superlance's style: childutils' protocol helpers, then XML-RPC back into the daemon. */
    private static final String CHILDUTILS_LISTENER = String.join("\n",
            "import os, sys",
            "from supervisor import childutils",
            "out = open(sys.argv[1], 'a', buffering=1)",
            "rpc = childutils.getRPCInterface(os.environ)",
            "while True:",
            "    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)",
            "    ph, data = childutils.eventdata(payload + '\\n')",
            "    if headers['eventname'] == 'PROCESS_STATE_EXITED' and ph['processname'] == 'crash':",
            "        info = rpc.supervisor.getProcessInfo(ph['processname'])",
            "        out.write('%s expected:%s rpc:%s\\n' % (ph['processname'], ph['expected'], info['statename']))",
            "    childutils.listener.ok(sys.stdout)",
            "");

    private void requirePython() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 not installed: event listener e2e skipped");
    }

    private String supervisordHeader() {
        return String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "childlogdir=" + tmp.resolve("logs"),
                "pidfile=" + tmp.resolve("jsuperd.pid"),
                "[unix_http_server]",
                "file=" + tmp.resolve("jsuperd.sock"),
                "[program:crash]",
                "command=/bin/sh -c 'echo boom; printf \"<!--XSUPERVISOR:BEGIN-->note<!--XSUPERVISOR:END-->\"; sleep 2; exit 3'",
                "stdout_events_enabled=true",
                "stdout_capture_maxbytes=1KB",
                "startsecs=1",
                "autorestart=false",
                "") + "\n";
    }

    private String listener(String name, String events, String mode) throws Exception {
        Path script = tmp.resolve("listener.py");
        Files.writeString(script, LISTENER);
        return String.join("\n",
                "[eventlistener:" + name + "]",
                "command=" + PYTHON + " " + script + " " + tmp.resolve(name + ".events") + " " + mode,
                "events=" + events,
                "buffer_size=50",
                "") + "\n";
    }

    private String events(String name) throws Exception {
        return DaemonHarness.read(tmp.resolve(name + ".events"));
    }

    private void start(String config) throws Exception {
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, config);
        jsuperd.start();
    }

    @Test
    void crashingProgram_reachesTheListener_asSupervisordEvents_andTick5() throws Exception {
        requirePython();
        start(supervisordHeader() + listener("rec", "PROCESS_STATE,TICK_5,PROCESS_LOG_STDOUT,PROCESS_COMMUNICATION", "ok"));
        jsuperd.awaitAll("rec", "RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").contains("PROCESS_STATE_EXITED"));
        String got = events("rec");
        assertTrue(got.contains("PROCESS_STATE_STARTING ") && got.contains(
                "processname:crash groupname:crash from_state:STOPPED tries:0"), got);
        assertTrue(got.matches("(?s).*PROCESS_STATE_RUNNING \\d+ processname:crash groupname:crash from_state:STARTING "
                + "pid:\\d+\n.*"), got);
        assertTrue(got.matches("(?s).*PROCESS_STATE_EXITED \\d+ processname:crash groupname:crash from_state:RUNNING "
                + "expected:0 pid:\\d+\n.*"), got);
        assertTrue(got.matches("(?s).*PROCESS_LOG_STDOUT \\d+ processname:crash groupname:crash pid:\\d+ channel:stdout\\|"
                + "boom\\|\n.*"), got);
        assertTrue(got.matches("(?s).*PROCESS_COMMUNICATION_STDOUT \\d+ processname:crash groupname:crash pid:\\d+\\|note\n.*"),
                got);
        assertFalse(DaemonHarness.read(tmp.resolve("logs/crash-1.stdout.log")).contains("note"),
                "a captured message leaves the output, as in supervisord");
        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").matches("(?s).*TICK_5 \\d+ when:\\d+\n.*"));

        List<Long> serials = events("rec").lines().map(l -> Long.parseLong(l.split(" ")[1])).toList();
        for (int i = 1; i < serials.size(); i++) {
            assertTrue(serials.get(i) > serials.get(i - 1), "serials grow: " + serials);
        }
        Path logs = tmp.resolve("logs");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(logs.resolve("rec-1.stderr.log"))
                .contains("listener got PROCESS_STATE_EXITED"));
        assertTrue(DaemonHarness.read(logs.resolve("rec-1.stdout.log")).startsWith("READY\nRESULT 2\nOKREADY\n"),
                "supervisord copies a listener's protocol output to its stdout log, raw");
    }

    /**
     * SIGUSR2 (logrotate's {@code create} and a postrotate signal) reopens a listener's own log files too: the copy of
     * its protocol output (stdout, written through the protocol reader's copy sink) and its stderr.
     */
    @Test
    void sigusr2_reopensAListenersStdoutAndStderrLogs() throws Exception {
        requirePython();
        start(supervisordHeader() + listener("rec", "PROCESS_STATE", "ok"));
        jsuperd.awaitAll("rec", "RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> events("rec").contains("PROCESS_STATE_EXITED"));
        Path logs = tmp.resolve("logs");
        Path out = logs.resolve("rec-1.stdout.log");
        Path err = logs.resolve("rec-1.stderr.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> DaemonHarness.read(err).contains("listener got PROCESS_STATE_EXITED"));
        Files.move(out, tmp.resolve("rec.stdout.moved"));
        Files.move(err, tmp.resolve("rec.stderr.moved"));
        jsuperd.signalDaemon("USR2");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out) && Files.exists(err)); // reopened
        String movedOut = DaemonHarness.read(tmp.resolve("rec.stdout.moved"));
        String movedErr = DaemonHarness.read(tmp.resolve("rec.stderr.moved"));
        DaemonHarness.Ctl start = jsuperd.ctl("start", "crash");
        assertEquals(0, start.exit(), start.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> DaemonHarness.read(err).contains("listener got PROCESS_STATE_RUNNING"));
        await().atMost(Duration.ofSeconds(30)).until(() -> DaemonHarness.read(out).contains("RESULT 2\nOK"));
        assertEquals(movedOut, DaemonHarness.read(tmp.resolve("rec.stdout.moved")), "nothing more went to the moved files");
        assertEquals(movedErr, DaemonHarness.read(tmp.resolve("rec.stderr.moved")));
        assertTrue(movedOut.startsWith("READY\n"), movedOut);
    }

    @Test
    void fail_isSentAgain_andJunkMakesAListenerUnknown_withALogLine() throws Exception {
        requirePython();
        start(supervisordHeader() + listener("picky", "PROCESS_STATE_EXITED", "failfirst")
                + listener("broken", "PROCESS_STATE", "junk"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events("picky").lines().count() >= 2);
        List<String> lines = events("picky").lines().toList();
        assertEquals(lines.get(0), lines.get(1), "the rejected event comes again, same serial: " + lines);
        assertTrue(lines.get(0).contains("processname:crash"), lines.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsuperd.daemonLogText().contains(
                "broken:1: event listener protocol error, now UNKNOWN"));
        assertTrue(jsuperd.daemonLogText().matches("(?s).*picky:1: event \\d+ was rejected.*"), jsuperd.daemonLogText());
        assertEquals(1, events("broken").lines().count(), "an UNKNOWN listener gets nothing more: " + events("broken"));
        assertEquals("RUNNING", jsuperd.state("broken", 1), "it keeps running, as under supervisord");
    }

    /** A listener that says READY and never reads: the pipe fills, jsuperd goes on (status, logs, the queue bound). */
    @Test
    void aListenerThatNeverReads_doesNotStallTheDaemon() throws Exception {
        requirePython();
        Path deaf = tmp.resolve("deaf.py");
        Files.writeString(deaf, "import sys, time\nsys.stdout.write('READY\\n')\nsys.stdout.flush()\ntime.sleep(1000)\n");
        start(String.join("\n",
                "[supervisord]",
                "childlogdir=" + tmp.resolve("logs"),
                "[unix_http_server]",
                "file=" + tmp.resolve("jsuperd.sock"),
                "[program:chatty]",
                "command=/bin/sh -c 'head -c 2000000 /dev/zero | tr \"\\\\000\" x; exec sleep 1000'",
                "stdout_events_enabled=true",
                "startsecs=0",
                "autostart=false",
                "[eventlistener:deaf]",
                "command=" + PYTHON + " " + deaf,
                "events=PROCESS_LOG_STDOUT",
                "buffer_size=5",
                "") + "\n");
        jsuperd.awaitAll("deaf", "RUNNING"); // it said READY: it gets one event, and never reads it
        assertEquals(0, jsuperd.ctl("start", "chatty").exit());
        Path log = tmp.resolve("logs/chatty-1.stdout.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.size(log) == 2_000_000);
        // Bounded either way: the pool's queue drops its oldest, or (loop behind) output is not sent as events.
        await().atMost(Duration.ofSeconds(60)).until(() -> jsuperd.daemonLogText().contains(
                "pool deaf event buffer overflowed, discarding event")
                || jsuperd.daemonLogText().contains("output comes faster than listeners take it"));
        assertEquals("RUNNING", jsuperd.state("chatty", 1), "the daemon still answers");
        assertEquals("RUNNING", jsuperd.state("deaf", 1));
    }

    @Test
    void childutilsListener_callsBackIntoXmlRpc_throughSupervisorServerUrl() throws Exception {
        requirePython();
        Ctl probe = DaemonHarness.run(List.of(PYTHON.toString(), "-c", "import supervisor.childutils"), null,
                java.util.Map.of());
        Assumptions.assumeTrue(probe.exit() == 0,
                "supervisor.childutils not importable (Debian package supervisor): childutils listener e2e skipped");
        Path script = tmp.resolve("childutils_listener.py");
        Files.writeString(script, CHILDUTILS_LISTENER);
        start(supervisordHeader() + String.join("\n",
                "[eventlistener:mail]",
                "command=" + PYTHON + " " + script + " " + tmp.resolve("mail.events"),
                "events=PROCESS_STATE",
                "") + "\n");
        await().atMost(Duration.ofSeconds(40)).until(() -> events("mail").contains("crash"));
        assertEquals("crash expected:0 rpc:EXITED", events("mail").strip());
    }
}
