package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord and Circus files read with their own meanings; every difference is a warning. */
class DialectTranslationTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    private static String warnings(ConfigLoader.Loaded l) {
        return l.warnings().toString();
    }

    @Test
    void numprocs_expandsProcessNameAndNumbers_fromNumprocsStart() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:w]", "command = run --n %(process_num)d",
                "process_name = %(program_name)s_%(process_num)02d", "numprocs = 2", "numprocs_start = 3"));
        assertEquals(List.of("w_03", "w_04"), List.copyOf(l.config().watchers().keySet()));
        assertEquals("run --n 4", l.config().watchers().get("w_04").cmd());
    }

    @Test
    void numprocsWithoutProcessNum_isAnError() {
        String m = failure(write(dir, "s.conf", "[program:w]", "command = run", "numprocs = 2")).getMessage();
        assertTrue(m.contains("s.conf:1: [program:w] process_name: numprocs = 2 but process_name has no %(process_num)"), m);
    }

    @Test
    void supervisordDefaults_andPriorityDirection() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:a]", "command = a", "priority = 10",
                "[program:b]", "command = b"));
        WatcherConfig a = l.config().watchers().get("a");
        WatcherConfig b = l.config().watchers().get("b");
        assertTrue(a.priority() > b.priority(), "supervisord starts the lower priority first, jsuper the higher");
        assertEquals(-999, b.priority());
        assertEquals(AutoRestart.UNEXPECTED, a.autorestart());
        assertEquals(3, a.maxRetry());
        assertEquals(Duration.ofSeconds(10), a.gracefulTimeout());
        assertTrue(a.copyEnv());
    }

    @Test
    void environment_withQuotesCommasAndEquals() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:a]", "command = a",
                "environment = A=\"1,2\",B='x=y', C=plain,HOME=\"%(ENV_HOME)s/x\","));
        assertEquals(Map.of("A", "1,2", "B", "x=y", "C", "plain", "HOME", "/home/app/x"),
                l.config().watchers().get("a").env());
    }

    @Test
    void includeFiles_relativeToTheIncludingFile_withGlobs() throws ConfigException {
        write(dir, "conf.d/one.conf", "[program:one]", "command = one");
        write(dir, "conf.d/two.conf", "[program:two]", "command = two", "directory = %(here)s");
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "nodaemon = true", "[include]",
                "files = conf.d/*.conf"));
        assertEquals(List.of("one", "two"), List.copyOf(l.config().watchers().keySet()));
        assertEquals(dir.resolve("conf.d").toAbsolutePath(), l.config().watchers().get("two").workingDir());
    }

    @Test
    void unsupportedOptionsAndSections_areWarningsWithFileAndLine() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:a]", "command = a", "stdout_logfile = /dev/stdout",
                "stdout_syslog = true", "stopsecs = 3", "[group:g]", "programs = a", "[fcgi-program:x]",
                "command = x"));
        String w = warnings(l);
        assertTrue(!w.contains("stdout_logfile"), "/dev/stdout is jsuperd's console now, no warning: " + w);
        assertEquals(StreamConfig.Console.STDOUT, l.config().watchers().get("a").stdout().console());
        assertTrue(w.contains("s.conf:4: [program:a] stdout_syslog: ignored"), w);
        assertTrue(w.contains("s.conf:5: [program:a] stopsecs: unknown supervisord option, ignored"), w);
        assertTrue(!w.contains("[group:g]"), "groups are supported now: " + w);
        assertEquals(java.util.Optional.of("g"), l.config().watchers().get("a").monitoring().group());
        assertTrue(w.contains("s.conf:8: [fcgi-program:x] FastCGI programs"), w);
    }

    @Test
    void mixedDialects_areAnErrorNamingBothSections() {
        String m = failure(write(dir, "s.conf", "[program:a]", "command = a", "[watcher:b]", "cmd = b")).getMessage();
        assertTrue(m.contains("s.conf:3: mixed dialects: [program:a] at line 1 is supervisord's, [watcher:b] at line 3"), m);
    }

    @Test
    void forcedDialect_readsAFileWithoutTellingSections() throws ConfigException {
        Path f = write(dir, "s.conf", "[unknown]", "x = 1");
        ConfigLoader.Loaded l = ConfigLoader.loadWithWarnings(f, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.SUPERVISORD);
        assertTrue(warnings(l).contains("section unknown to supervisord and jsuper"), warnings(l));
    }

    /** Regression: "PATH = /venv/bin:$PATH" in [env:x] was passed on literally (Circus expands it). */
    @Test
    void circusEnvValues_expandDollarVariables_andCircusEnvReadsTheWatchersOwnEnv() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "statsd = true", "[watcher:w]",
                "cmd = $(CIRCUS.ENV.PYTHON) app.py", "[env:w]", "PATH = /venv/bin:$PATH", "python = /venv/bin/python"));
        WatcherConfig w = l.config().watchers().get("w");
        assertEquals("/venv/bin/python app.py", w.cmd());
        assertEquals("/venv/bin:" + ConfigFiles.ENV.getOrDefault("PATH", "$PATH"), w.env().get("PATH"));
        assertTrue(warnings(l).contains("c.ini:2: [circus] statsd"), warnings(l));
    }

    @Test
    void circusHooks_areErrorsAndSocketsNeedUseSockets() {
        String m = failure(write(dir, "c.ini", "[socket:web]", "host = 127.0.0.1", "[watcher:w]",
                "cmd = app --fd $(circus.sockets.web)", "hooks.before_start = x.y")).getMessage();
        assertTrue(m.contains("c.ini:4: [watcher:w] cmd: $(circus.sockets.web) is used but use_sockets is not true"), m);
        assertTrue(m.contains("c.ini:5: [watcher:w] hooks.before_start: Circus hooks are Python callables"), m);
    }

    @Test
    void circusEnvList_appliesToEveryWatcherNamed() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:a]", "cmd = a", "[watcher:b]", "cmd = b",
                "[env:a,b]", "X = 1"));
        assertEquals("1", l.config().watchers().get("a").env().get("X"));
        assertEquals("1", l.config().watchers().get("b").env().get("X"));
    }

    @Test
    void circusVirtualenv_putsItsBinFirstOnPath_andSaysWhatIsNotDone() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "[watcher:w]", "cmd = app", "virtualenv = /venv"));
        WatcherConfig w = l.config().watchers().get("w");
        assertEquals("/venv", w.env().get("VIRTUAL_ENV"));
        assertTrue(w.env().get("PATH").startsWith("/venv/bin:"), w.env().toString());
        assertTrue(warnings(l).contains("c.ini:4: [watcher:w] virtualenv: its bin/ is put first on PATH"), warnings(l));
    }

    /** Regression: an unquoted space glued "hello world" into "helloworld" (supervisord refuses the line). */
    @Test
    void environment_unquotedSpace_isAnError_notGlued() {
        String m = failure(write(dir, "s.conf", "[program:a]", "command = a", "environment = A=hello world,B=2"))
                .getMessage();
        assertTrue(m.contains("s.conf:3: [program:a] environment: unquoted space inside \"hello world\""), m);
    }
}
