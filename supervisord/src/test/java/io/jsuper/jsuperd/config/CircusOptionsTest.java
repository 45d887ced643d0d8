package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each Circus option and interpolation form is honoured as Circus does, or a warning says what happens instead. */
class CircusOptionsTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return load(file, ConfigFiles.ENV);
    }

    private static ConfigLoader.Loaded load(Path file, Map<String, String> env) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, env, Accounts.UNCHECKED, Dialect.AUTO);
    }

    @Test
    void circusSection_pidfileLogoutputLoglevelDebug_becomeJsuperdSettings() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "pidfile = " + dir.resolve("c.pid"),
                "logoutput = " + dir.resolve("c.log"), "loglevel = warning", "[watcher:w]", "cmd = run"));
        assertEquals(dir.resolve("c.pid"), l.config().daemon().pidfile().orElseThrow());
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
        ConfigLoader.Loaded debug = load(write(dir, "d.ini", "[circus]", "debug = true", "[watcher:w]", "cmd = run"));
        assertTrue(debug.warnings().isEmpty(), debug.warnings().toString());
    }

    @Test
    void logoutputToAConsoleOrNetwork_isAWarning() throws ConfigException {
        String w = load(write(dir, "c.ini", "[circus]", "logoutput = -", "[watcher:w]", "cmd = run")).warnings().toString();
        assertTrue(w.contains("c.ini:2: [circus] logoutput: logoutput - is not opened"), w);
    }

    @Test
    void umask_isEveryWatchersDefault_theWatchersOwnWins() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "umask = 027", "[watcher:a]", "cmd = a",
                "[watcher:b]", "cmd = b", "umask = 002"));
        assertEquals(027, l.config().watchers().get("a").umask().orElseThrow());
        assertEquals(002, l.config().watchers().get("b").umask().orElseThrow());
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    }

    @Test
    void endpointsStatsdAndHttpd_areOneWarning_sayingWhatJsuperOffers() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "endpoint = tcp://127.0.0.1:5555",
                "stats_endpoint = tcp://127.0.0.1:5557", "statsd = true", "httpd = true", "httpd_port = 8080",
                "check_delay = 5", "[watcher:w]", "cmd = run"));
        assertEquals(1, l.warnings().size(), l.warnings().toString());
        String w = l.warnings().toString();
        assertTrue(w.contains("c.ini:2: [circus] endpoint: Circus's ZeroMQ endpoints, statsd sender and web console do not "
                + "exist in jsuper: endpoint, stats_endpoint, statsd, httpd, httpd_port, check_delay ignored (expected "
                + "jsuperctl and the HTTP API"), w);
    }

    @Test
    void warmupDelayOfTheArbiter_isAWarning() throws ConfigException {
        String w = load(write(dir, "c.ini", "[circus]", "warmup_delay = 2", "[watcher:w]", "cmd = run")).warnings().toString();
        assertTrue(w.contains("c.ini:2: [circus] warmup_delay: a delay between watchers at start is not supported"), w);
    }

    @Test
    void includeAndIncludeDir_readTheNamedFiles() throws ConfigException {
        write(dir, "a.ini", "[watcher:a]", "cmd = a");
        write(dir, "more/b.ini", "[watcher:b]", "cmd = b");
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "include = a.ini", "include_dir = more"));
        assertEquals(java.util.Set.of("a", "b"), l.config().watchers().keySet());
    }

    @Test
    void doubleParens_andAnyCase_areCircusReferences() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:w]", "cmd = ((circus.env.home))/a $(CIRCUS.ENV.PORT)"));
        assertEquals("/home/app/a 8080", l.config().watchers().get("w").cmd());
    }

    @Test
    void circusEnvLowerCase_matchesTheUpperCaseVariable() throws ConfigException {
        Map<String, String> env = new HashMap<>(ConfigFiles.ENV);
        env.put("VIRTUAL_ENV", "/venv");
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:w]", "cmd = $(circus.env.virtual_env)/bin/python"), env);
        assertEquals("/venv/bin/python", l.config().watchers().get("w").cmd());
    }

    @Test
    void dollarVariables_inEnv_braceForm_andGlobalEnvSection() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[env]", "BASE = /opt", "[watcher:w]", "cmd = run",
                "[env:w]", "BIN = ${BASE}/bin", "DATA = $BASE/data"));
        Map<String, String> env = l.config().watchers().get("w").env();
        assertEquals("/opt/bin", env.get("BIN"));
        assertEquals("/opt/data", env.get("DATA"));
        assertEquals("/opt", env.get("BASE"));
    }

    @Test
    void unsetDollarVariable_isKeptAsWritten_withAWarning() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:w]", "cmd = run", "[env:w]", "X = $NOPE_NOT_SET/x"));
        assertEquals("$NOPE_NOT_SET/x", l.config().watchers().get("w").env().get("X"));
        assertTrue(l.warnings().toString().contains("c.ini:4: [env:w] X: $NOPE_NOT_SET is not set"), l.warnings().toString());
    }

    @Test
    void singleton_withMoreThanOneProcess_isAWarning() throws ConfigException {
        String w = load(write(dir, "c.ini", "[watcher:w]", "cmd = run", "singleton = true", "numprocesses = 3"))
                .warnings().toString();
        assertTrue(w.contains("c.ini:3: [watcher:w] singleton: singleton = true but numprocesses = 3"), w);
    }

    @Test
    void copyPath_isAWarning() throws ConfigException {
        String w = load(write(dir, "c.ini", "[watcher:w]", "cmd = run", "copy_path = true")).warnings().toString();
        assertTrue(w.contains("c.ini:3: [watcher:w] copy_path: ignored: Python's sys.path is not added to PYTHONPATH"), w);
    }

    @Test
    void streamClasses_mapToFileOrConsole() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:a]", "cmd = a", "stdout_stream.class = FancyStdoutStream",
                "stderr_stream.class = FileStream", "stderr_stream.filename = /tmp/a.err",
                "[watcher:b]", "cmd = b", "stdout_stream.class = TimedRotatingFileStream",
                "stdout_stream.filename = /tmp/b.out"));
        assertEquals(StreamConfig.Console.STDOUT, l.config().watchers().get("a").stdout().console());
        assertNull(l.config().watchers().get("a").stderr().console());
        assertNull(l.config().watchers().get("b").stdout().console());
        assertTrue(l.warnings().toString().contains("c.ini:8: [watcher:b] stdout_stream.class: TimedRotatingFileStream is "
                + "read as FileStream"), l.warnings().toString());
    }

    @Test
    void relativeStreamFilename_isAWarning_sayingWhereTheFileGoes() throws ConfigException {
        String w = load(write(dir, "c.ini", "[watcher:w]", "cmd = run", "stdout_stream.filename = out.log"))
                .warnings().toString();
        assertTrue(w.contains("c.ini:3: [watcher:w] stdout_stream.filename: relative file name out.log: Circus opens it in "
                + "circusd's working directory, jsuper under logdir (logdir/out.log)"), w);
    }

    @Test
    void relativeStreamFilename_inAJsuperFile_isJsupersOwnMeaning_noWarning() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "j.ini", "[jsuperd]", "[watcher:w]", "cmd = run", "stdout_stream.filename = out.log"));
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    }

    @Test
    void socketReference_withoutUseSockets_isAClearError() {
        String m = ConfigFiles.failure(write(dir, "c.ini", "[socket:web]", "port = 0", "[watcher:w]",
                "cmd = app --fd $(circus.sockets.web)")).getMessage();
        assertTrue(m.contains("c.ini:4: [watcher:w] cmd: $(circus.sockets.web) is used but use_sockets is not true"), m);
    }
}
