package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One supervisord.conf, run by Debian's real supervisord and by jsuperd (each in its own directory, with its
 * own socket), and Debian's supervisorctl against both: every command's output and exit code must be the
 * same once pids, uptimes, stop times and the directory are normalised. The intended differences are listed
 * in docs/compatibility.md and asserted here as such. Needs the Debian package {@code supervisor}.
 */
class SupervisorctlSideBySideE2ETest extends DaemonE2ETest {

    private final Marked marked = new Marked();
    private RealSupervisord supervisord;
    private Path supDir;
    private Path jsDir;

    /** The file, for a daemon living in {@code dir}; the two copies differ only in that directory. */
    static String conf(Path dir, Path socket) {
        return conf(dir, socket, "", "");
    }

    /** {@code server}: lines for [unix_http_server] and after; {@code ctl}: lines for [supervisorctl]. */
    static String conf(Path dir, Path socket, String server, String ctl) {
        return String.join("\n",
                "[unix_http_server]",
                "file=" + socket,
                server,
                "[supervisord]",
                "nodaemon=true",
                "logfile=" + dir.resolve("main.log"),
                "pidfile=" + dir.resolve("main.pid"),
                "childlogdir=" + dir.resolve("logs"),
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "[supervisorctl]",
                "serverurl=unix://" + socket,
                ctl,
                "[program:web]",
                "command=/bin/sh -c 'echo hello web; exec sleep 1000'",
                "startsecs=1",
                "stdout_logfile=" + dir.resolve("logs/web.out"),
                "stderr_logfile=" + dir.resolve("logs/web.err"),
                "[program:db]",
                "command=sleep 1000",
                "autostart=false",
                "startsecs=0",
                "stdout_logfile=" + dir.resolve("logs/db.out"),
                "stderr_logfile=" + dir.resolve("logs/db.err"),
                "[program:pool]",
                "command=sleep 1000",
                "process_name=%(program_name)s_%(process_num)02d",
                "numprocs=2",
                "autostart=false",
                "startsecs=0",
                "[program:cache]",
                "command=sleep 1000",
                "autostart=false",
                "startsecs=0",
                "[group:svc]",
                "programs=cache",
                "") + "\n";
    }

    private void startBoth() throws Exception {
        startBoth(dir -> "", "");
    }

    private void startBoth(java.util.function.Function<Path, String> server, String ctl) throws Exception {
        startBoth(server, ctl, "");
    }

    /** {@code programs}: more sections, appended to both copies of the file. */
    private void startBoth(java.util.function.Function<Path, String> server, String ctl, String programs)
            throws Exception {
        Assumptions.assumeTrue(RealSupervisord.installed(),
                "supervisord/supervisorctl not installed (Debian package supervisor): side-by-side test skipped");
        supDir = Files.createDirectories(tmp.resolve("sup"));
        jsDir = Files.createDirectories(tmp.resolve("js"));
        Files.createDirectories(supDir.resolve("logs"));
        Files.createDirectories(jsDir.resolve("logs"));
        Path supConf = supDir.resolve("supervisord.conf");
        Files.writeString(supConf, conf(supDir, supDir.resolve("supervisor.sock"), server.apply(supDir), ctl) + programs);
        supervisord = new RealSupervisord(supConf, supDir.resolve("supervisor.sock"), marked).start();
        jsuperd = new DaemonHarness(jsDir, "");
        Files.writeString(jsuperd.config, conf(jsDir, jsuperd.socket, server.apply(jsDir), ctl) + programs);
        jsuperd.environment.put(Marked.VAR, marked.value);
        jsuperd.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                sup("status", "web").out().contains("RUNNING") && js("status", "web").out().contains("RUNNING"));
    }

    @AfterEach
    void stopSupervisord() throws Exception {
        if (supervisord != null) {
            supervisord.close();
        }
        if (jsuperd != null) {
            jsuperd.close();
            jsuperd = null;
        }
        marked.killAll();
        assertTrue(marked.pids().isEmpty(), "every process of the test is gone");
    }

    @Test
    void supervisorctl_answersTheSameFromBothDaemons() throws Exception {
        startBoth();
        assertSame(3, "status");                       // db not started: LSB "not running"
        assertSame(0, "start", "db");
        assertSame(3, "status");                       // pool and svc are not started
        assertSame(0, "start", "db");                  // already started: supervisorctl still exits 0
        assertSame(0, "pid", "web");
        assertSame(0, "pid");
        assertSame(0, "signal", "CONT", "db");
        assertSame(0, "signal", "CONT", "all");
        assertSame(0, "signal", "CONT", "web:*");
        assertSame(1, "signal", "NOPE", "db");
        assertSame(0, "tail", "web");
        assertSame(0, "tail", "web", "stderr");
        assertSame(0, "clear", "web");
        assertSame(0, "tail", "web");
        assertSame(0, "restart", "db");
        assertSame(0, "stop", "web");
        assertSame(3, "status");                       // web stopped: its stop time, normalised
        assertSame(0, "stop", "web");                  // not running: exit 0 too
        assertSame(0, "start", "web");
        assertSame(1, "start", "nope");                // no such process
        assertSame(0, "avail");
        assertSame(0, "reread");
        // groups: a numprocs program (pool:pool_00, pool:pool_01) and [group:svc] programs=cache (svc:cache)
        assertSame(0, "start", "pool:*");
        assertSame(0, "status", "pool:*");
        assertSame(0, "stop", "pool:pool_00");
        assertSame(0, "signal", "CONT", "pool:*");
        assertSame(0, "start", "svc:cache");
        assertSame(0, "pid", "svc:cache");
        assertSame(0, "restart", "svc:*");
        assertSame(0, "clear", "pool:pool_01");
        assertSame(0, "stop", "pool:*", "svc:*");
        assertSame(1, "start", "svc:nope");
        assertSame(3, "status");

        String extra = "[program:extra]\ncommand=sleep 1000\nautostart=false\n";
        Files.writeString(supervisord.config, extra, StandardOpenOption.APPEND);
        Files.writeString(jsuperd.config, extra, StandardOpenOption.APPEND);
        assertSame(0, "reread");
        assertSame(0, "avail");
        assertSame(0, "update");
        assertSame(3, "status");                       // extra: added, not started
        assertSame(0, "start", "extra");
        assertSame(1, "remove", "extra");              // still running
        assertSame(0, "stop", "extra");
        assertSame(0, "remove", "extra");
        assertSame(0, "add", "extra");
        assertSame(0, "add", "extra");                 // already added: an ERROR line, exit 0
        assertSame(0, "status", "web", "db");
        assertNoDifferences();
    }

    /** supervisorctl reload (supervisor.restart) and shutdown: both daemons restart, then end. */
    @Test
    void supervisorctl_reloadAndShutdown_sameAnswers() throws Exception {
        startBoth();
        long jsPid = jsuperd.pid();
        assertSame(0, "reload");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                sup("status", "web").out().contains("RUNNING") && js("status", "web").out().contains("RUNNING"));
        assertEquals(String.valueOf(jsPid), js("pid").out().strip(), "jsuperd restarts in the same process");
        assertSame(0, "shutdown");
        assertNoDifferences();
        await().atMost(Duration.ofSeconds(30)).until(() -> !supervisord.isAlive() && !jsuperd.process().isAlive());
        assertFalse(jsuperd.process().isAlive());
    }

    /**
     * supervisord's basic authentication on both listeners ({SHA} password on the socket, a clear one on TCP):
     * supervisorctl with the file's, -u/-p, wrong or no credentials answers alike; tail -f reads over TCP too.
     */
    @Test
    void supervisorctl_withPasswords_unixAndTcp_sameAnswers() throws Exception {
        Map<Path, Integer> ports = new java.util.HashMap<>();
        startBoth(dir -> {
            int port = ports.computeIfAbsent(dir, d -> freePort());
            return "username=user\npassword={SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4\n" // sha1("secret")
                    + "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=user\npassword=secret\n";
        }, "username=user\npassword=secret");
        urls.put(supDir, "http://127.0.0.1:" + ports.get(supDir));
        urls.put(jsDir, "http://127.0.0.1:" + ports.get(jsDir));
        assertSame(0, "status", "web");
        assertSame(1, "-u", "user", "-p", "wrong", "status", "web");
        assertSame(0, "-s", "URL", "-u", "user", "-p", "secret", "status", "web");
        assertSame(1, "-s", "URL", "-u", "user", "-p", "wrong", "status", "web");  // 401: "Server requires authentication"
        assertSame(1, "-s", "URL", "-u", "nobody", "-p", "secret", "status", "web");
        assertNoDifferences();
        assertEquals(tailFollow(supDir, "-s", "URL", "-u", "user", "-p", "secret", "tail", "-f", "web"),
                tailFollow(jsDir, "-s", "URL", "-u", "user", "-p", "secret", "tail", "-f", "web"));
    }

    /** supervisorctl tail -f: the last bytes, then what the process writes next (a restart writes it again). */
    @Test
    void supervisorctl_tailFollow_sameStream() throws Exception {
        startBoth();
        assertEquals(tailFollow(supDir, "tail", "-f", "web"), tailFollow(jsDir, "tail", "-f", "web"));
    }

    /**
     * supervisor.getAllProcessInfo through Python's xmlrpc.client, field by field: the same structs from both
     * daemons once pids, times, the daemon's directory and AUTO log names are normalised. Covers explicit, AUTO,
     * redirected and console log files, RUNNING, STOPPED after a TERM, EXITED with a bad exit code, never started.
     * No field differs: start/stop of a child that has ended are its last spawn and end, as supervisord's.
     */
    @Test
    void getAllProcessInfo_sameStructs_fieldByField() throws Exception {
        startBoth(dir -> "", "", String.join("\n",
                "[program:redir]", "command=sh -c 'echo out; echo err >&2; exec sleep 1000'", "redirect_stderr=true",
                "startsecs=0",
                "[program:cons]", "command=sh -c 'echo out; echo err >&2; exec sleep 1000'", "startsecs=0",
                "stdout_logfile=/dev/stdout", "stdout_logfile_maxbytes=0",
                "stderr_logfile=/dev/stderr", "stderr_logfile_maxbytes=0",
                "[program:quits]", "command=sh -c 'exit 3'", "startsecs=0", "autostart=false", "autorestart=false",
                ""));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                sup("status", "redir", "cons").out().split("RUNNING").length == 3
                        && js("status", "redir", "cons").out().split("RUNNING").length == 3);
        for (String args : List.of("start db", "stop db", "start quits")) {
            sup(args.split(" "));
            js(args.split(" "));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                sup("status", "quits").out().contains("EXITED") && js("status", "quits").out().contains("EXITED"));
        List<String> s = structs(supDir, supDir.resolve("supervisor.sock"));
        List<String> j = structs(jsDir, jsuperd.socket);
        List<String> onlySup = new ArrayList<>(s);
        onlySup.removeAll(j);
        List<String> onlyJs = new ArrayList<>(j);
        onlyJs.removeAll(s);
        assertEquals(List.of(), onlySup, "only in supervisord's structs (jsuper: " + onlyJs + ")\n" + String.join("\n", s));
        assertEquals(List.of(), onlyJs, "only in jsuperd's structs\n" + String.join("\n", j));
        assertTrue(s.contains("cons:cons stdout_logfile='/dev/stdout'") && s.contains("redir:redir stderr_logfile=''")
                && s.contains("quits:quits spawnerr='Bad exit code 3'") && s.contains("db:db exitstatus=-1")
                && s.contains("pool:pool_00 stdout_logfile='DIR/logs/AUTO-stdout'"), String.join("\n", s));
    }

    /** The interpreter of Debian's supervisorctl, which has the {@code supervisor} package (a pyenv python3 may not). */
    private static final String PYTHON = "/usr/bin/python3";

    /** GROUP:NAME FIELD=repr lines of getAllProcessInfo, normalised (see the script). */
    private static List<String> structs(Path dir, Path socket) {
        String script = String.join("\n",
                "import re, sys, xmlrpc.client",
                "from supervisor.xmlrpc import SupervisorTransport",
                "t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])",
                "for p in xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t).supervisor.getAllProcessInfo():",
                "    for k in sorted(p):",
                "        v = p[k]",
                "        if k in ('pid', 'start', 'stop', 'now'):",
                "            v = 'N' if v else 0",
                "        elif isinstance(v, str):",
                "            v = v.replace(sys.argv[2], 'DIR')",
                "            # AUTO names: supervisord's NAME-stdout---supervisor-XXXX.log, jsuper's NAME-WID.stdout.log",
                "            v = re.sub(r'^DIR/logs/.+-(stdout|stderr)---supervisor-\\w+\\.log$', r'DIR/logs/AUTO-\\1', v)",
                "            v = re.sub(r'^DIR/logs/.+-\\d+\\.(stdout|stderr)\\.log$', r'DIR/logs/AUTO-\\1', v)",
                "        print('%s:%s %s=%s' % (p['group'], p['name'], k, v if v in ('N', 0) else repr(v)))", "");
        Ctl c = DaemonHarness.run(List.of(PYTHON, "-c", script, socket.toString(), dir.toString()), null, Map.of());
        assertEquals(0, c.exit(), c.toString());
        return List.of(normalise(c.out(), dir).split("\n"));
    }

    /** Runs supervisorctl ARGS until the follower shows "hello web" twice (once more after a restart), then ends it. */
    private String tailFollow(Path dir, String... args) throws Exception {
        Path config = dir.equals(supDir) ? supervisord.config : jsuperd.config;
        List<String> cmd = new ArrayList<>(List.of(RealSupervisord.SUPERVISORCTL.toString(), "-c", config.toString()));
        for (String a : args) {
            cmd.add(a.equals("URL") ? urls.get(dir) : a);
        }
        Path out = dir.resolve("tail-f.out");
        Process follower = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("hello web"));
            Ctl restart = supervisorctl(config, "restart", "web");
            assertEquals(0, restart.exit(), restart.toString());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Files.readString(out).split("hello web", -1).length - 1 >= 2);
            return Files.readString(out);
        } finally {
            follower.destroyForcibly();
            follower.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try {
            return DaemonHarness.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every difference of one run, so that one failure shows them all. */
    private final List<String> differences = new ArrayList<>();

    private void assertSame(int exit, String... args) {
        Ctl s = sup(args);
        Ctl j = js(args);
        String what = "supervisorctl " + String.join(" ", args) + "\n== supervisord: " + s + "\n== jsuperd: " + j;
        if (exit != s.exit()) {
            differences.add("supervisord's exit code is not " + exit + ": " + what);
        }
        if (!normalise(s.out(), supDir).equals(normalise(j.out(), jsDir)) || s.exit() != j.exit()) {
            differences.add(what);
        }
    }

    private void assertNoDifferences() {
        assertTrue(differences.isEmpty(), differences.size() + " difference(s):\n" + String.join("\n\n", differences));
    }

    /** {@code URL} in a command's arguments stands for the daemon's own TCP address. */
    private final Map<Path, String> urls = new java.util.HashMap<>();

    private Ctl sup(String... args) {
        return supervisorctl(supervisord.config, withUrl(supDir, args));
    }

    private Ctl js(String... args) {
        return supervisorctl(jsuperd.config, withUrl(jsDir, args));
    }

    private String[] withUrl(Path dir, String... args) {
        return java.util.Arrays.stream(args).map(a -> a.equals("URL") ? urls.get(dir) : a).toArray(String[]::new);
    }

    private static Ctl supervisorctl(Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealSupervisord.SUPERVISORCTL.toString(), "-c", config.toString()));
        cmd.addAll(List.of(args));
        return DaemonHarness.run(cmd, null, Map.of());
    }

    /** Pids, uptimes, stop times and the daemon's directory are what may differ. */
    static String normalise(String out, Path dir) {
        return out.replaceAll("http://127\\.0\\.0\\.1:\\d+", "URL").replace(dir.toString(), "DIR")
                .replaceAll("pid \\d+, uptime [0-9:, dayst]+", "pid N, uptime T")
                .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE")
                .replaceAll("(?m)^\\d+$", "N");
    }
}
