package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per option of supervisord 4.x's {@code [program:x]}: honoured as supervisord does, or a warning. */
class SupervisordProgramOptionsTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(String... lines) throws ConfigException {
        return ConfigLoader.loadWithWarnings(write(dir, "s.conf", lines), ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    private WatcherConfig program(String... options) throws ConfigException {
        String[] lines = new String[options.length + 2];
        lines[0] = "[program:web]";
        lines[1] = "command = run";
        System.arraycopy(options, 0, lines, 2, options.length);
        ConfigLoader.Loaded l = load(lines);
        return l.config().watchers().values().iterator().next();
    }

    private String warnings(String... options) throws ConfigException {
        String[] lines = new String[options.length + 2];
        lines[0] = "[program:web]";
        lines[1] = "command = run";
        System.arraycopy(options, 0, lines, 2, options.length);
        return load(lines).warnings().toString();
    }

    @Test
    void command_isSplitWithoutAShell() throws ConfigException {
        assertEquals("run", program().cmd());
        assertFalse(program().shell());
    }

    @Test
    void processName_expandsEveryNameSupervisordKnows() throws Exception {
        ConfigLoader.Loaded l = load("[program:web]", "command = run %(here)s %(ENV_HOME)s",
                "process_name = %(group_name)s-%(program_name)s-%(process_num)02d-of-%(numprocs)d");
        WatcherConfig w = l.config().watchers().get("web-web-00-of-1");
        assertEquals("run " + dir + " /home/app", w.cmd());
        ConfigLoader.Loaded host = load("[program:web]", "command = run --host %(host_node_name)s");
        assertEquals("run --host " + InetAddress.getLocalHost().getHostName(), host.config().watchers().get("web").cmd());
    }

    @Test
    void numprocsAndNumprocsStart_numberTheProcessesAsSupervisordDoes() throws ConfigException {
        ConfigLoader.Loaded l = load("[program:w]", "command = run", "process_name = w%(process_num)d", "numprocs = 3",
                "numprocs_start = 1");
        assertEquals(List.of("w1", "w2", "w3"), List.copyOf(l.config().watchers().keySet()));
    }

    @Test
    void priority_lowerStartsFirst() throws ConfigException {
        assertEquals(-5, program("priority = 5").priority());
    }

    @Test
    void autostart() throws ConfigException {
        assertFalse(program("autostart = false").autostart());
    }

    @Test
    void autorestart_defaultUnexpected_andEachValue() throws ConfigException {
        assertEquals(AutoRestart.UNEXPECTED, program().autorestart());
        assertEquals(AutoRestart.FALSE, program("autorestart = false").autorestart());
        assertEquals(AutoRestart.TRUE, program("autorestart = true").autorestart());
    }

    @Test
    void startsecsAndStartretries() throws ConfigException {
        WatcherConfig w = program("startsecs = 7", "startretries = 9");
        assertEquals(Duration.ofSeconds(7), w.startsecs());
        assertEquals(9, w.maxRetry());
    }

    @Test
    void exitcodes() throws ConfigException {
        assertEquals(Set.of(0, 2), program("exitcodes = 0,2").exitcodes());
    }

    @Test
    void stopsignalAndStopwaitsecs() throws ConfigException {
        WatcherConfig w = program("stopsignal = INT", "stopwaitsecs = 3");
        assertEquals(Signal.INT, w.stopSignal());
        assertEquals(Duration.ofSeconds(3), w.gracefulTimeout());
    }

    @Test
    void stopasgroupAndKillasgroup_falseIsAWarning_trueIsWhatJsuperDoes() throws ConfigException {
        assertTrue(warnings("stopasgroup = false").contains("stopasgroup = false: jsuper always signals the whole process group"));
        assertTrue(warnings("killasgroup = false").contains("killasgroup = false"));
        assertEquals("[]", warnings("stopasgroup = true", "killasgroup = true"));
    }

    @Test
    void userDirectoryUmask() throws ConfigException {
        WatcherConfig w = program("user = www", "directory = /srv", "umask = 022");
        assertEquals("www", w.uid().orElseThrow());
        assertEquals(Path.of("/srv"), w.workingDir());
        assertEquals(022, w.umask().orElseThrow());
    }

    @Test
    void environment_supervisordQuoting() throws ConfigException {
        assertEquals(Map.of("A", "1", "B", "x,y", "C", "3"), program("environment = A=\"1\",B='x,y',C=3").env());
    }

    @Test
    void redirectStderr() throws ConfigException {
        assertTrue(program("redirect_stderr = true").redirectStderr());
    }

    @Test
    void logfiles_autoNoneDevStdoutAndAFile() throws ConfigException {
        assertNull(program("stdout_logfile = AUTO").stdout().filename());
        assertTrue(warnings("stdout_logfile = NONE").contains("NONE: jsuper keeps the output anyway"));
        assertEquals(StreamConfig.Console.STDOUT, program("stdout_logfile = /dev/stdout").stdout().console());
        assertEquals(StreamConfig.Console.STDERR, program("stderr_logfile = /dev/stderr").stderr().console());
        assertEquals(dir.resolve("w.log").toString(), program("stdout_logfile = " + dir.resolve("w.log")).stdout().filename());
    }

    @Test
    void logfileMaxbytesAndBackups() throws ConfigException {
        WatcherConfig w = program("stdout_logfile_maxbytes = 1MB", "stdout_logfile_backups = 4",
                "stderr_logfile_maxbytes = 0", "stderr_logfile_backups = 2");
        assertEquals(1024 * 1024, w.stdout().maxBytes());
        assertEquals(4, w.stdout().backupCount());
        assertEquals(0, w.stderr().maxBytes());
        assertEquals(2, w.stderr().backupCount());
    }

    @Test
    void captureMaxbytes_aboveOneMegabyte_isAcceptedAndCutThere_withAWarning() throws ConfigException {
        String w = warnings("stdout_capture_maxbytes = 10MB");
        assertTrue(w.contains("stdout_capture_maxbytes: 10485760 bytes")
                && w.contains("capture mode keeps at most 1MB"), w);
        assertEquals(1024 * 1024, program("stdout_capture_maxbytes = 10MB").monitoring().captureMaxBytes().get("stdout"));
    }

    @Test
    void captureEventsSyslogServerurl_areWarningsWhenNotTheirDefault() throws ConfigException {
        assertEquals("[]", warnings("stdout_capture_maxbytes = 0", "stdout_events_enabled = false",
                "stderr_syslog = false", "serverurl = AUTO"));
        String w = warnings("stdout_capture_maxbytes = 1MB", "stderr_events_enabled = true", "stdout_syslog = true",
                "serverurl = http://localhost:9001");
        assertFalse(w.contains("stdout_capture_maxbytes"), "capture mode sends PROCESS_COMMUNICATION events: " + w);
        assertFalse(w.contains("stderr_events_enabled"), "PROCESS_LOG events are sent to event listeners: " + w);
        assertTrue(w.contains("stdout_syslog: ignored: output to syslog is not supported"), w);
        assertTrue(w.contains("serverurl: ignored: no SUPERVISOR_SERVER_URL"), w);
    }

    @Test
    void unknownOption_isAWarningWithADidYouMean() throws ConfigException {
        assertTrue(warnings("stopwaitsec = 3").contains("stopwaitsec: unknown supervisord option, ignored (as supervisord "
                + "does); did you mean stopwaitsecs?"), warnings("stopwaitsec = 3"));
    }
}
