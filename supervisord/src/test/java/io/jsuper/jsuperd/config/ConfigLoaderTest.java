package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Rlimit;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void minimalWatcherGetsDocumentedDefaults() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = sleep 10"));
        DaemonSettings d = c.daemon();
        assertEquals(dir.resolve("jsuperd.sock"), d.socket());
        assertEquals(Optional.empty(), d.http());
        assertEquals(dir.resolve("logs"), d.logdir());
        assertEquals("info", d.loglevel());
        WatcherConfig w = c.watchers().get("web");
        WatcherConfig expected = new WatcherConfig("web", "sleep 10", "", false, dir, Optional.empty(),
                Optional.empty(), Map.of(), false, 1, 0, true, AutoRestart.TRUE, 5, Duration.ZERO,
                Duration.ofSeconds(30), Signal.TERM, false, StreamConfig.defaults(), StreamConfig.defaults(),
                false, Duration.ofSeconds(1), Set.of(0), Map.of(), Optional.empty(), BackoffSettings.defaults(),
                -1, Duration.ofSeconds(60),
                KillMode.CONTROL_GROUP, CgroupLimits.NONE, Probes.NONE, WatcherMonitoring.NONE, DeploySettings.DEFAULT);
        assertEquals(expected, w);
        assertEquals(dir.resolve("jsuperd.ini"), c.source());
    }

    @Test
    void httpTokenAndTokenFile_together_isAnError() throws Exception {
        Path file = write(dir, "jsuperd.ini", "[jsuperd]", "http_token = a", "http_token_file = t");
        ConfigException e = failure(file);
        assertTrue(e.getMessage().contains("jsuperd.ini:3: [jsuperd] http_token_file: both http_token and http_token_file are set"),
                e.getMessage());
    }

    @Test
    void httpTokenFile_isAPathRelativeToTheConfig() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[jsuperd]", "http_token_file = secrets/token"));
        assertEquals(Optional.of(dir.resolve("secrets/token")), c.daemon().httpTokenFile());
    }

    @Test
    void everyWatcherOptionIsBound() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini",
                "[jsuperd]", "socket = run/j.sock", "http = 0.0.0.0:9001", "logdir = /var/log/j", "pidfile = j.pid",
                "logfile = j.log", "loglevel = DEBUG", "http_token = s3cret", "socket_group = adm",
                "[watcher:web]", "cmd = %(here)s/web", "args = --port 80$(circus.wid)", "shell = yes",
                "working_dir = srv", "uid = www-data", "gid = www-data", "env = A=1, B = two", "copy_env = on",
                "numprocesses = 3", "priority = 10", "autostart = no", "autorestart = unexpected", "max_retry = -1",
                "warmup_delay = 500ms", "graceful_timeout = 1m", "stop_signal = SIGQUIT", "stop_children = true",
                "send_hup = 1", "stdout_stream.class = FileStream", "stdout_stream.filename = web-$(circus.wid).log",
                "stdout_stream.max_bytes = 1KB", "stdout_stream.backup_count = 3", "startsecs = 2.5",
                "exitcodes = 0,2", "rlimit_nofile = 4096", "rlimit_core = unlimited", "umask = 027",
                "backoff_initial = 2s", "backoff_factor = 1.5", "backoff_max = 10m", "backoff_reset = 120",
                "max_restarts = 5", "max_restarts_window = 10m"));
        DaemonSettings d = c.daemon();
        assertEquals(dir.resolve("run/j.sock"), d.socket());
        assertEquals(Optional.of(new HttpEndpoint("0.0.0.0", 9001)), d.http());
        assertEquals(Path.of("/var/log/j"), d.logdir());
        assertEquals(Optional.of(dir.resolve("j.pid")), d.pidfile());
        assertEquals(Optional.of(dir.resolve("j.log")), d.logfile());
        assertEquals("debug", d.loglevel());
        assertEquals(Optional.of("s3cret"), d.httpToken());
        assertEquals(Optional.of("adm"), d.socketGroup());
        assertEquals(Optional.empty(), d.httpTokenFile());

        WatcherConfig w = c.watchers().get("web");
        assertEquals(dir + "/web", w.cmd());
        assertEquals("--port 80$(circus.wid)", w.args());
        assertTrue(w.shell());
        assertEquals(dir.resolve("srv"), w.workingDir());
        assertEquals(Optional.of("www-data"), w.uid());
        assertEquals(Optional.of("www-data"), w.gid());
        assertEquals(Map.of("A", "1", "B", "two"), w.env());
        assertTrue(w.copyEnv());
        assertEquals(3, w.numprocesses());
        assertEquals(10, w.priority());
        assertFalse(w.autostart());
        assertEquals(AutoRestart.UNEXPECTED, w.autorestart());
        assertEquals(-1, w.maxRetry());
        assertEquals(Duration.ofMillis(500), w.warmupDelay());
        assertEquals(Duration.ofMinutes(1), w.gracefulTimeout());
        assertEquals(Signal.QUIT, w.stopSignal());
        assertTrue(w.sendHup());
        assertEquals(new StreamConfig("web-$(circus.wid).log", 1024, 3), w.stdout());
        assertEquals(StreamConfig.defaults(), w.stderr());
        assertEquals(Duration.ofMillis(2500), w.startsecs());
        assertEquals(Set.of(0, 2), w.exitcodes());
        assertEquals(5, w.maxRestarts());
        assertEquals(Duration.ofMinutes(10), w.maxRestartsWindow());
        assertEquals(Map.of(Rlimit.NOFILE, 4096L, Rlimit.CORE, Long.MAX_VALUE), w.rlimits());
        assertEquals(Optional.of(027), w.umask());
        assertEquals(new BackoffSettings(Duration.ofSeconds(2), 1.5, Duration.ofMinutes(10), Duration.ofSeconds(120)), w.backoff());
    }

    @Test
    void allErrorsAreReportedAtOnceWithFileAndLine() {
        Path file = write(dir, "jsuperd.ini",
                "[jsuperd]",
                "loglevel = loud",
                "[watcher:web]",
                "cmd = run",
                "numprocesses = abc",
                "stop_signal = SIGFOO",
                "graceful_timeout = soon",
                "[watcher:worker]",
                "args = x");
        ConfigException e = failure(file);
        assertEquals(String.join("\n",
                "jsuperd.ini:2: [jsuperd] loglevel: \"loud\" is not a log level (expected trace, debug, info, warn, error)",
                "jsuperd.ini:5: [watcher:web] numprocesses: \"abc\" is not an integer (expected a whole number 0..10000)",
                "jsuperd.ini:6: [watcher:web] stop_signal: \"SIGFOO\" is not a signal name (expected a signal name such as TERM, SIGTERM, INT, QUIT, HUP, KILL, USR1 or a number)",
                "jsuperd.ini:7: [watcher:web] graceful_timeout: \"soon\" is not a duration (expected " + Converters.DURATION + ")",
                "jsuperd.ini:8: [watcher:worker] cmd: missing (expected the command to run, e.g. cmd = /usr/bin/python3 app.py)"),
                e.getMessage());
        assertEquals(5, e.errors().size());
        ConfigError first = e.errors().get(1);
        assertEquals(file, first.file());
        assertEquals(5, first.line());
        assertEquals("watcher:web", first.section());
        assertEquals("numprocesses", first.key());
    }

    @Test
    void unknownOptionSuggestsTheClosestKnownOne() {
        ConfigException e = failure(write(dir, "jsuperd.ini",
                "[jsuperd]", "sockett = x", "[watcher:web]", "cmd = run", "numprocess = 2", "comand = x", "command = y",
                "stopwaitsecs = 5", "zzzzzz = 1"));
        String m = e.getMessage();
        assertTrue(m.contains("jsuperd.ini:2: [jsuperd] sockett: unknown option \"sockett\"; did you mean socket?"), m);
        assertTrue(m.contains("jsuperd.ini:5: [watcher:web] numprocess: unknown option \"numprocess\"; did you mean numprocesses?"), m);
        assertTrue(m.contains("comand: unknown option \"comand\"; did you mean cmd?"), m);
        assertTrue(m.contains("command: unknown option \"command\"; did you mean cmd?"), m);
        assertTrue(m.contains("stopwaitsecs: unknown option \"stopwaitsecs\"; did you mean graceful_timeout?"), m);
        assertTrue(m.contains("zzzzzz: unknown option \"zzzzzz\" (expected"), m);
    }

    @Test
    void programSection_isReadAsSupervisordsDialect() throws ConfigException {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[program:web]", "command = run"));
        assertEquals("run", c.watchers().get("web").cmd());
    }

    @Test
    void misspeltSectionKindGetsADidYouMean() {
        String m = failure(write(dir, "jsuperd.ini", "[watchr:web]", "cmd = x", "[circus]", "[weird]")).getMessage();
        assertTrue(m.contains("unknown section [watchr:web] (expected [watcher:web] (did you mean it?))"), m);
        assertTrue(m.contains("unknown section [weird] (expected [jsuperd], [watcher:NAME], [env:NAME] or [socket:NAME])"), m);
    }

    @Test
    void watcherNamesAreCheckedAndAllIsReserved() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:all]", "cmd = x", "[watcher:bad name]", "cmd = x",
                "[watcher:ok-1.a_b]", "cmd = x")).getMessage();
        assertTrue(m.contains("jsuperd.ini:1: [watcher:all] \"all\" is reserved"), m);
        assertTrue(m.contains("jsuperd.ini:3: [watcher:bad name] \"bad name\" is not a valid watcher name"), m);
        assertFalse(m.contains("ok-1.a_b"), m);
    }

    @Test
    void envSectionMergesOverEnvOption() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini",
                "[watcher:web]", "cmd = run", "env = A=1, B=2,", "  C=$(circus.env.CSV)",
                "[env:web]", "B = from-section", "HOME_DIR = %(ENV_HOME)s", "WID = $(circus.wid)"));
        assertEquals(Map.of("A", "1", "B", "from-section", "C", "a,b", "HOME_DIR", "/home/app", "WID", "$(circus.wid)"),
                c.watchers().get("web").env());
    }

    @Test
    void envSectionForUnknownWatcherIsAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "[env:wbe]", "A = 1")).getMessage();
        assertEquals("jsuperd.ini:3: [env:wbe] belongs to no watcher; did you mean [env:web]? "
                + "(expected a [watcher:wbe] section in this or an included file)", m);
    }

    @Test
    void badEnvItemIsAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "env = A=1, oops")).getMessage();
        assertTrue(m.startsWith("jsuperd.ini:3: [watcher:web] env: \"oops\" is not a NAME=value item"), m);
    }

    @Test
    void widOutsideAllowedKeysIsAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run $(circus.wid)",
                "uid = app$(circus.wid)")).getMessage();
        assertTrue(m.startsWith("jsuperd.ini:3: [watcher:web] uid: $(circus.wid) cannot be used in uid"), m);
        assertFalse(m.contains(":2:"), m);
    }

    @Test
    void unsetEnvironmentVariableNamesFileAndLine() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "args = $(circus.env.MISSING)"))
                .getMessage();
        assertTrue(m.startsWith("jsuperd.ini:3: [watcher:web] args: $(circus.env.MISSING): environment variable MISSING is not set"), m);
    }

    @Test
    void respawnFalseMeansNoAutorestart() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "respawn = false",
                "[watcher:b]", "cmd = x", "respawn = true", "autorestart = unexpected"));
        assertEquals(AutoRestart.FALSE, c.watchers().get("a").autorestart());
        assertEquals(AutoRestart.UNEXPECTED, c.watchers().get("b").autorestart());
    }

    @Test
    void respawnContradictingAutorestartIsAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "respawn = false", "autorestart = true"))
                .getMessage();
        assertTrue(m.startsWith("jsuperd.ini:3: [watcher:a] respawn: respawn = false contradicts autorestart = true"), m);
    }

    @Test
    void maxRestartsWindowWithoutMaxRestarts_andBadMaxRestarts_areErrorsWithFileAndLine() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "max_restarts_window = 5m",
                "[watcher:b]", "cmd = x", "max_restarts = -2", "[watcher:c]", "cmd = x", "max_restarts = 3",
                "max_restarts_window = 0")).getMessage();
        assertTrue(m.contains("jsuperd.ini:3: [watcher:a] max_restarts_window: max_restarts_window is set but max_restarts is not"), m);
        assertTrue(m.contains("jsuperd.ini:6: [watcher:b] max_restarts:"), m);
        assertTrue(m.contains("jsuperd.ini:10: [watcher:c] max_restarts_window: max_restarts_window = 0 would never count a restart"), m);
    }

    @Test
    void stopChildren_isAcceptedButChangesNothing() throws Exception {
        JsuperConfig with = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "stop_children = true"));
        JsuperConfig without = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x"));
        assertEquals(without.watchers().get("a"), with.watchers().get("a"), "a reload must not restart for it");
    }

    @Test
    void onlyFileAndConsoleStreamsAreAccepted() {
        String m = failure(write(dir, "jsuperd.ini", "[jsuperd]", "[watcher:a]", "cmd = x", "stdout_stream.class = MyStream"))
                .getMessage();
        assertTrue(m.contains("stdout_stream.class: \"MyStream\" is not a stream class jsuper knows (expected FileStream "
                + "(a rotated file, the default), console, stdout or stderr (jsuperd's own output))"), m);
    }

    @Test
    void crossFieldChecks() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "backoff_initial = 10",
                "backoff_max = 5", "redirect_stderr = true", "stderr_stream.filename = e.log", "backoff_factor = 0.5"))
                .getMessage();
        assertTrue(m.contains("jsuperd.ini:4: [watcher:a] backoff_max: backoff_max (5000 ms) is below backoff_initial"), m);
        assertTrue(m.contains("jsuperd.ini:5: [watcher:a] redirect_stderr:"), m);
        assertTrue(m.contains("jsuperd.ini:7: [watcher:a] backoff_factor: \"0.5\" is out of range (expected a number from 1 to 100)"), m);
    }

    @Test
    void gidWithoutUidIsAllowed() throws Exception {
        WatcherConfig w = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "gid = adm")).watchers().get("a");
        assertEquals(Optional.empty(), w.uid());
        assertEquals(Optional.of("adm"), w.gid());
    }

    @Test
    void emptyHttpMeansNoListenerAndEmptyCmdIsAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[jsuperd]", "http =", "[watcher:a]", "cmd =")).getMessage();
        assertEquals("jsuperd.ini:3: [watcher:a] cmd: empty (expected the command to run, e.g. cmd = /usr/bin/python3 app.py)", m);
    }

    @Test
    void selfReferencingValueIsRejectedWithoutStackOverflow() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = %(cmd)s", "args = $(circus.env.LOOP)"))
                .getMessage();
        assertTrue(m.contains("jsuperd.ini:2: [watcher:a] cmd: unknown reference %(cmd)s"), m);
        assertTrue(m.contains("environment variable LOOP is not set"), m);
    }

    @Test
    void windowsStylePathKeepsItsBackslashes() throws Exception {
        WatcherConfig w = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "args = C:\\temp\\new"))
                .watchers().get("a");
        assertEquals("C:\\temp\\new", w.args());
    }

    @Test
    void missingFileIsAConfigException() {
        ConfigException e = failure(dir.resolve("nope.ini"));
        assertEquals("nope.ini: no such file (expected a readable config file)", e.getMessage());
    }

    @Test
    void watchersKeepFileOrder() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:z]", "cmd = x", "[watcher:a]", "cmd = x",
                "[watcher:m]", "cmd = x"));
        assertEquals(List.of("z", "a", "m"), List.copyOf(c.watchers().keySet()));
    }

    @Test
    void realisticSampleLoads() throws URISyntaxException, ConfigException {
        Path sample = Path.of(getClass().getResource("/config/sample/jsuperd.ini").toURI());
        JsuperConfig c = ConfigLoader.load(sample, Map.of("HOME", "/home/app"));
        assertEquals(List.of("web", "worker", "cron"), List.copyOf(c.watchers().keySet()));
        assertEquals("production", c.watchers().get("web").env().get("APP_ENV"));
        assertEquals(4, c.watchers().get("worker").numprocesses());
    }
}
