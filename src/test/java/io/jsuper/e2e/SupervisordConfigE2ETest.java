package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built jsuperd runs a supervisord.conf as written: numprocs, environment, priority, warnings in its log. */
class SupervisordConfigE2ETest extends DaemonE2ETest {

    private String supervisordConf() {
        return String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "childlogdir=" + tmp.resolve("logs"),
                "pidfile=" + tmp.resolve("jsuperd.pid"),
                "[unix_http_server]",
                "file=" + tmp.resolve("jsuperd.sock"),
                "chmod=0700",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "[supervisorctl]",
                "serverurl=unix://" + tmp.resolve("jsuperd.sock"),
                "[program:web]",
                "command=/bin/sh -c 'echo \"$GREETING %(process_num)d\"; exec sleep 1000'",
                "process_name=%(program_name)s_%(process_num)02d",
                "numprocs=2",
                "environment=GREETING=\"hello, world\",OTHER='x'",
                "startsecs=0",
                "stdout_logfile=%(here)s/logs/%(program_name)s-%(process_num)d.out",
                "[program:db]",
                "command=sleep 1000",
                "autostart=false",
                "stdout_logfile=/dev/stdout",
                "stdout_logfile_maxbytes=0",
                "") + "\n";
    }

    @Test
    void supervisordConf_runsAsWritten_withEveryDifferenceLogged() throws Exception {
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, supervisordConf());
        jsuperd.start();
        jsuperd.awaitAll("web_00", "RUNNING");
        jsuperd.awaitAll("web_01", "RUNNING");
        jsuperd.remember(jsuperd.pidOf("web_00", 1));
        jsuperd.remember(jsuperd.pidOf("web_01", 1));
        assertEquals("STOPPED", jsuperd.state("db", 1));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                Files.exists(tmp.resolve("logs/web-1.out"))
                        && Files.readString(tmp.resolve("logs/web-1.out")).contains("hello, world 1"));

        Ctl start = jsuperd.ctl("start", "db");
        assertEquals(0, start.exit(), start.toString());
        jsuperd.awaitAll("db", "RUNNING");
        jsuperd.remember(jsuperd.pidOf("db", 1));

        // supervisord's group names in jsuperctl, which finds the socket through [unix_http_server] file
        Ctl group = jsuperd.ctlWithConfig("status", "web:*");
        assertEquals(0, group.exit(), group.toString());
        assertTrue(group.out().contains("web_00:1") && group.out().contains("web_01:1")
                && !group.out().contains("db:1"), group.toString());
        long before = jsuperd.pidOf("web_01", 1);
        Ctl one = jsuperd.ctlWithConfig("restart", "web:web_01");
        assertEquals(0, one.exit(), one.toString());
        assertTrue(one.out().contains("web_01:1: restarted") && !one.out().contains("web_00"), one.toString());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                "RUNNING".equals(jsuperd.state("web_01", 1)) && jsuperd.pidOf("web_01", 1) != before);
        jsuperd.remember(jsuperd.pidOf("web_01", 1));
        Ctl none = jsuperd.ctlWithConfig("stop", "web:nope");
        org.junit.jupiter.api.Assertions.assertNotEquals(0, none.exit(), none.toString());
        assertTrue(none.err().contains("no such process: web:nope (group web has web_00, web_01)"), none.toString());

        String log = jsuperd.daemonLogText();
        assertTrue(log.contains("jsuperd.ini:7: [unix_http_server] chmod:"), log);
        assertTrue(log.contains("jsuperd.ini:8: [rpcinterface:supervisor]"), log);
        assertFalse(log.contains("[program:db] stdout_logfile"), "/dev/stdout maps to jsuperd's console: " + log);
    }

    @Test
    void check_listsTheDifferences_andForcedFormatIsHonoured() throws Exception {
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, supervisordConf());
        Ctl check = DaemonHarness.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c",
                jsuperd.config.toString(), "--check"), null, java.util.Map.of());
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.out().contains("is valid (3 watchers; 3 differences in meaning, one per line above)"), check.toString());
        assertTrue(check.out().lines().anyMatch(l -> l.startsWith("jsuperd.ini:8: [rpcinterface:supervisor] ")), check.toString());
        assertTrue(check.out().contains("[group") || check.out().contains("[rpcinterface:supervisor]"), check.toString());

        Ctl forced = DaemonHarness.run(List.of(DaemonHarness.dist().resolve("bin/jsuperd").toString(), "-c",
                jsuperd.config.toString(), "--check", "--format", "jsuper"), null, java.util.Map.of());
        assertEquals(78, forced.exit(), forced.toString());
        assertTrue(forced.err().contains("unknown section [program:web]"), forced.toString());
    }

    /**
     * A reload (jsuperctl update, and SIGHUP) of a supervisord file with bad values keeps every process running,
     * and the error names the file, line, section and option as the user wrote them, not the jsuper keys.
     */
    @Test
    void reloadOfABadSupervisordFile_keepsEverythingRunning_andNamesTheOptionsAsWritten() throws Exception {
        jsuperd = new DaemonHarness(tmp, "");
        String good = String.join("\n", "[supervisord]", "childlogdir=" + tmp.resolve("logs"), "[unix_http_server]",
                "file=" + tmp.resolve("jsuperd.sock"), "[program:web]", "command=sleep 1000",
                "process_name=%(program_name)s_%(process_num)d", "numprocs=2", "startsecs=0") + "\n";
        Files.writeString(jsuperd.config, good);
        jsuperd.start();
        jsuperd.awaitAll("web_0", "RUNNING");
        jsuperd.awaitAll("web_1", "RUNNING");
        long web0 = jsuperd.pidOf("web_0", 1);
        long web1 = jsuperd.pidOf("web_1", 1);
        jsuperd.remember(web0);
        jsuperd.remember(web1);

        Files.writeString(jsuperd.config, good + "stopsignal=TERMINATE\n[program:api]\ncommand=sleep 1000\nnumprocs=x\n");
        String signal = "jsuperd.ini:10: [program:web] stopsignal: \"TERMINATE\" is not a signal name "
                + "(expected TERM, HUP, INT, QUIT, KILL, USR1 or USR2)";
        String numprocs = "jsuperd.ini:13: [program:api] numprocs: \"x\" is not an integer "
                + "(expected a whole number 0..2147483646)";
        Ctl update = jsuperd.ctl("update");
        assertEquals(1, update.exit(), update.toString());
        assertTrue(update.err().contains(signal) && update.err().contains(numprocs), update.toString());
        assertFalse(update.err().contains("watcher:") || update.err().contains("stop_signal"), update.toString());

        jsuperd.signalDaemon("HUP");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                jsuperd.daemonLogText().contains("reload failed, running config unchanged"));
        String log = jsuperd.daemonLogText();
        assertTrue(log.contains(signal) && log.contains(numprocs), log);

        assertEquals(2, jsuperd.services().size(), "nothing added or removed");
        assertEquals(web0, jsuperd.pidOf("web_0", 1), "web_0 kept running");
        assertEquals(web1, jsuperd.pidOf("web_1", 1), "web_1 kept running");
        assertEquals("RUNNING", jsuperd.state("web_0", 1));
        assertEquals("RUNNING", jsuperd.state("web_1", 1));
    }

    /** Debian's supervisorctl (package supervisor) against jsuperd over the unix socket, on the same file. */
    @Test
    void realSupervisorctl_statusStartStopPid() throws Exception {
        java.nio.file.Path supervisorctl = java.nio.file.Path.of("/usr/bin/supervisorctl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(supervisorctl),
                "supervisorctl not installed (Debian package supervisor): XML-RPC e2e skipped");
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, supervisordConf());
        jsuperd.start();
        jsuperd.awaitAll("web_00", "RUNNING");
        jsuperd.awaitAll("web_01", "RUNNING");
        List<String> ctl = List.of(supervisorctl.toString(), "-c", jsuperd.config.toString());

        Ctl status = supervisorctl(ctl, "status");
        assertEquals(3, status.exit(), status.toString()); // db is not running: LSB "not running"
        List<String> lines = status.out().lines().toList();
        assertEquals(3, lines.size(), status.toString());
        assertTrue(lines.get(0).matches("db +STOPPED +Not started"), status.toString());
        assertTrue(lines.get(1).matches("web:web_00 +RUNNING +pid " + jsuperd.pidOf("web_00", 1) + ", uptime \\d+:\\d\\d:\\d\\d"),
                status.toString());

        Ctl start = supervisorctl(ctl, "start", "db");
        assertEquals(0, start.exit(), start.toString());
        assertEquals("db: started", start.out().strip());
        jsuperd.awaitAll("db", "RUNNING");
        jsuperd.remember(jsuperd.pidOf("db", 1));
        assertEquals(0, supervisorctl(ctl, "status").exit());

        Ctl pid = supervisorctl(ctl, "pid", "web:web_01");
        assertEquals(String.valueOf(jsuperd.pidOf("web_01", 1)), pid.out().strip(), pid.toString());
        assertEquals(String.valueOf(jsuperd.pid()), supervisorctl(ctl, "pid").out().strip());

        Ctl stop = supervisorctl(ctl, "stop", "web:web_00");
        assertEquals("web:web_00: stopped", stop.out().strip(), stop.toString());
        assertEquals("STOPPED", jsuperd.state("web_00", 1));

        Ctl reread = supervisorctl(ctl, "reread");
        assertEquals("No config updates to processes", reread.out().strip(), reread.toString());

        Ctl unknown = supervisorctl(ctl, "start", "nope");
        assertTrue(unknown.out().contains("nope: ERROR (no such process)"), unknown.toString());
    }

    /** supervisorctl tail reads through readProcessStdoutLog(name, -1600, 0): jsuperd's offset read of the file. */
    @Test
    void realSupervisorctl_tail_readsTheProcessLog() throws Exception {
        java.nio.file.Path supervisorctl = java.nio.file.Path.of("/usr/bin/supervisorctl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(supervisorctl),
                "supervisorctl not installed (Debian package supervisor): XML-RPC e2e skipped");
        jsuperd = new DaemonHarness(tmp, "");
        Files.writeString(jsuperd.config, supervisordConf());
        jsuperd.start();
        jsuperd.awaitAll("web_01", "RUNNING");
        java.nio.file.Path log = tmp.resolve("logs/web-1.out");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(log) && Files.readString(log).contains("hello, world 1"));
        List<String> ctl = List.of(supervisorctl.toString(), "-c", jsuperd.config.toString());

        Ctl tail = supervisorctl(ctl, "tail", "web:web_01");
        assertEquals(0, tail.exit(), tail.toString());
        assertEquals("hello, world 1", tail.out().strip(), tail.toString());
        Ctl bytes = supervisorctl(ctl, "tail", "-6", "web:web_01");
        assertEquals("rld 1", bytes.out().strip(), "the last 6 bytes: " + bytes);
        Ctl stderr = supervisorctl(ctl, "tail", "web:web_01", "stderr");
        assertEquals("", stderr.out().strip(), "an empty stderr file: " + stderr);
        Ctl console = supervisorctl(ctl, "tail", "db");
        assertTrue(console.out().contains("ERROR (no log file)"), "db writes to jsuperd's stdout: " + console);
    }

    private static Ctl supervisorctl(List<String> base, String... args) {
        List<String> cmd = new java.util.ArrayList<>(base);
        cmd.addAll(List.of(args));
        return DaemonHarness.run(cmd, null, java.util.Map.of());
    }
}
