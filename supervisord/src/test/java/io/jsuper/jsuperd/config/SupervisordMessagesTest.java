package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every error and warning about a supervisord file names what the user wrote: file, line, the section and
 * option as written ({@code [program:web] stopsignal}, not the {@code [watcher:web] stop_signal} it becomes),
 * and where jsuper's reader would describe its own syntax, what supervisord takes.
 */
class SupervisordMessagesTest {

    @TempDir
    Path dir;

    /** Users that exist: anything but names starting with "nosuch". */
    private static final Accounts ACCOUNTS = new Accounts() {
        @Override
        public boolean userExists(String nameOrUid) {
            return !nameOrUid.startsWith("nosuch");
        }

        @Override
        public boolean groupExists(String nameOrGid) {
            return true;
        }
    };

    private List<String> errors(String... lines) {
        return ConfigFiles.errors(dir, "supervisord.conf", ACCOUNTS, lines);
    }

    private List<String> warnings(String... lines) throws ConfigException {
        return ConfigFiles.warnings(dir, "supervisord.conf", ACCOUNTS, lines);
    }

    /** A [program:web] with a command and {@code options}, errors expected. */
    private List<String> programErrors(String... options) {
        List<String> lines = new ArrayList<>(List.of("[program:web]", "command = /bin/sleep 100"));
        lines.addAll(List.of(options));
        return errors(lines.toArray(String[]::new));
    }

    @Test
    void badNumber_numprocs() {
        assertEquals(List.of("supervisord.conf:3: [program:web] numprocs: \"x\" is not an integer "
                + "(expected a whole number 0..2147483646)"), programErrors("numprocs = x"));
    }

    @Test
    void badNumber_startsecsBelowZero_saysWhatSupervisordTakes() {
        assertEquals(List.of("supervisord.conf:3: [program:web] startsecs: \"-1\" is not a duration "
                + "(expected a whole number of seconds, 0 or more, e.g. startsecs = 1)"), programErrors("startsecs = -1"));
    }

    @Test
    void badNumber_startretriesAndStopwaitsecs() {
        assertEquals(List.of("supervisord.conf:3: [program:web] startretries: \"three\" is not an integer "
                        + "(expected a whole number, 0 or more, e.g. startretries = 3)",
                "supervisord.conf:4: [program:web] stopwaitsecs: \"ten\" is not a duration "
                        + "(expected a whole number of seconds, 0 or more, e.g. stopwaitsecs = 10)"),
                programErrors("startretries = three", "stopwaitsecs = ten"));
    }

    @Test
    void badValue_inAProgramOfSeveralProcesses_isOneError_notOnePerProcess() {
        assertEquals(List.of("supervisord.conf:5: [program:web] stopwaitsecs: \"x\" is not a duration "
                        + "(expected a whole number of seconds, 0 or more, e.g. stopwaitsecs = 10)"),
                programErrors("numprocs = 3", "process_name = web_%(process_num)d", "stopwaitsecs = x"));
    }

    @Test
    void badBoolean() {
        assertEquals(List.of("supervisord.conf:3: [program:web] autostart: \"maybe\" is not a boolean "
                + "(expected true, false, yes, no, on, off, 1 or 0)"), programErrors("autostart = maybe"));
        assertEquals(List.of("supervisord.conf:3: [program:web] autorestart: \"sometimes\" is not an autorestart mode "
                + "(expected true, false or unexpected)"), programErrors("autorestart = sometimes"));
    }

    @Test
    void badBoolean_inAnOptionJsuperDoesNotApply_isStillAnError() {
        assertEquals(List.of("supervisord.conf:3: [program:web] stopasgroup: \"maybe\" is not a boolean "
                        + "(expected true, false, yes, no, on, off, 1 or 0)",
                "supervisord.conf:4: [program:web] stdout_syslog: \"perhaps\" is not a boolean "
                        + "(expected true, false, yes, no, on, off, 1 or 0)"),
                programErrors("stopasgroup = maybe", "stdout_syslog = perhaps"));
    }

    @Test
    void badSignal_saysSupervisordsSignalNames() {
        assertEquals(List.of("supervisord.conf:3: [program:web] stopsignal: \"TERMINATE\" is not a signal name "
                + "(expected TERM, HUP, INT, QUIT, KILL, USR1 or USR2)"), programErrors("stopsignal = TERMINATE"));
    }

    @Test
    void badExitcodes() {
        assertEquals(List.of("supervisord.conf:3: [program:web] exitcodes: \"x\" in \"0,x\" is not an exit code "
                + "(expected a comma-separated list of exit codes 0..255, e.g. 0,2)"), programErrors("exitcodes = 0,x"));
        assertEquals(List.of("supervisord.conf:3: [program:web] exitcodes: 300 is not an exit code "
                + "(expected a comma-separated list of exit codes 0..255, e.g. 0,2)"), programErrors("exitcodes = 0,300"));
    }

    @Test
    void badSize_logfileMaxbytes() {
        assertEquals(List.of("supervisord.conf:3: [program:web] stdout_logfile_maxbytes: \"5XB\" is not a byte size "
                        + "(expected a byte count, or a number with KB, MB or GB (1KB = 1024 bytes), e.g. 50MB)",
                "supervisord.conf:4: [program:web] stderr_logfile_backups: \"x\" is not an integer "
                        + "(expected a whole number 0..1000)"),
                programErrors("stdout_logfile_maxbytes = 5XB", "stderr_logfile_backups = x"));
    }

    @Test
    void badLogfile_namesTheOptionAndSupervisordsValues() {
        assertEquals(List.of("supervisord.conf:3: [program:web] stdout_logfile: \"/proc/self/status\" is a device or "
                        + "kernel file (expected AUTO, NONE, /dev/stdout, /dev/stderr or the path of a regular file)"),
                programErrors("stdout_logfile = /proc/self/status"));
    }

    @Test
    void badUser_ownAndInheritedFromSupervisord() {
        assertEquals(List.of("supervisord.conf:3: [program:web] user: unknown user \"nosuchuser\" on this host "
                + "(expected a user name or number that `getent passwd nosuchuser` finds)"), programErrors("user = nosuchuser"));
    }

    @Test
    void badUmask_inheritedFromSupervisord_namesTheSupervisordSection_once() {
        assertEquals(List.of("supervisord.conf:2: [supervisord] umask: \"999\" is not an octal umask "
                        + "(expected an octal number 000..777, e.g. 022)"),
                errors("[supervisord]", "umask = 999", "[program:a]", "command = a", "[program:b]", "command = b"));
    }

    @Test
    void badEnvironmentQuoting() {
        assertEquals(List.of("supervisord.conf:3: [program:web] environment: unclosed \" quote "
                + "(expected KEY=\"value\" pairs separated by commas, e.g. A=\"1\",B=\"two words\")"),
                programErrors("environment = A=\"1"));
        assertEquals(List.of("supervisord.conf:3: [program:web] environment: unquoted space inside \"1 B\" "
                + "(expected quotes around a value with spaces, e.g. A=\"two words\")"), programErrors("environment = A=1 B=2"));
        assertEquals(List.of("supervisord.conf:3: [program:web] environment: \"1A\" is not an environment variable name "
                + "(expected letters, digits and _, not starting with a digit)"), programErrors("environment = 1A=x"));
        assertEquals(List.of("supervisord.conf:2: [supervisord] environment: \"1A\" is not an environment variable name "
                + "(expected letters, digits and _, not starting with a digit)"),
                errors("[supervisord]", "environment = 1A=x", "[program:web]", "command = a"));
    }

    @Test
    void unknownOption_isAWarning() throws ConfigException {
        assertEquals(List.of("supervisord.conf:3: [program:web] stopwaitsec: unknown supervisord option, ignored "
                + "(as supervisord does); did you mean stopwaitsecs? (expected an option of [program:x])"),
                warnings("[program:web]", "command = a", "stopwaitsec = 3"));
    }

    @Test
    void unsupportedOption_isAWarningSayingWhatHappensInstead() throws ConfigException {
        assertEquals(List.of("supervisord.conf:3: [program:web] stdout_syslog: ignored: output to syslog is not supported; "
                        + "output goes to the log file (see docs/compatibility.md)",
                "supervisord.conf:4: [program:web] stopasgroup: stopasgroup = false: jsuper always signals the whole "
                        + "process group (expected stopasgroup = true)"),
                warnings("[program:web]", "command = a", "stdout_syslog = true", "stopasgroup = false"));
    }

    @Test
    void processNameExpansionError_isOneError_atProcessName() {
        assertEquals(List.of("supervisord.conf:3: [program:web] process_name: unknown reference %(foo)s (expected one of "
                        + "%(program_name)s, %(process_num)d, %(group_name)s, %(numprocs)d, %(host_node_name)s, %(here)s, "
                        + "%(ENV_NAME)s)"),
                programErrors("process_name = %(foo)s"));
    }

    @Test
    void processNameJsuperCannotUse_isAnErrorAtProcessName() {
        assertEquals(List.of("supervisord.conf:3: [program:web] process_name: gives the process name \"web app\", which "
                        + "jsuper cannot use (expected a name of letters, digits, '_', '.' and '-', e.g. "
                        + "process_name = %(program_name)s_%(process_num)02d)"),
                programErrors("process_name = web app"));
    }

    @Test
    void duplicateNamesAfterExpansion_nameBothPrograms() {
        assertEquals(List.of("supervisord.conf:6: [program:x1] process name x1 is taken by [program:web] at "
                        + "supervisord.conf:1 too: jsuper's process names have no group part (supervisord calls them "
                        + "web:x1 and x1:x1) (expected a process_name that gives every process of every program its own "
                        + "name, e.g. process_name = %(program_name)s_%(process_num)02d)"),
                errors("[program:web]", "command = a", "numprocs = 2", "process_name = x%(process_num)d",
                        "environment = A=1", "[program:x1]", "command = b", "environment = B=1"));
    }

    @Test
    void supervisordSection_badValues_nameItsOptions() {
        assertEquals(List.of(
                "supervisord.conf:2: [supervisord] minfds: \"x\" is not an integer (expected a whole number 0..1048576)",
                "supervisord.conf:3: [supervisord] logfile_maxbytes: \"5XB\" is not a byte size (expected a byte count, "
                        + "or a number with KB, MB or GB (1KB = 1024 bytes), e.g. 50MB)",
                "supervisord.conf:4: [supervisord] loglevel: \"loud\" is not a log level "
                        + "(expected critical, error, warn, info, debug, trace or blather)",
                "supervisord.conf:5: [supervisord] nodaemon: \"maybe\" is not a boolean "
                        + "(expected true, false, yes, no, on, off, 1 or 0)"),
                errors("[supervisord]", "minfds = x", "logfile_maxbytes = 5XB", "loglevel = loud", "nodaemon = maybe",
                        "[program:web]", "command = a"));
    }

    @Test
    void httpServerSections_nameTheirOptions() {
        assertEquals(List.of("supervisord.conf:2: [inet_http_server] port: \"127.0.0.1:x\" has no valid port (expected "
                        + "PORT or HOST:PORT with a loopback HOST and a port 1..65535, e.g. port = 127.0.0.1:9001)"),
                errors("[inet_http_server]", "port = 127.0.0.1:x", "[program:web]", "command = a"));
        assertEquals(List.of("supervisord.conf:3: [unix_http_server] username: set without password "
                        + "(expected both username and password, or neither (supervisord refuses one alone too))"),
                errors("[unix_http_server]", "file = " + dir.resolve("s.sock"), "username = u", "[program:web]", "command = a"));
    }

    @Test
    void daemonSectionInAnIncludedFile_isNamedAsWritten() {
        ConfigFiles.write(dir, "conf.d/more.conf", "[unix_http_server]", "file = /tmp/other.sock");
        assertEquals(List.of("conf.d/more.conf:2: [unix_http_server] file: [unix_http_server] in an included file: "
                        + "jsuperd reads daemon settings from the main config file only (expected [unix_http_server] in the "
                        + "main config file " + dir + "/)"),
                errors("[include]", "files = conf.d/*.conf", "[program:web]", "command = a"));
    }

    @Test
    void eventListener_namesItsOwnOptions() {
        assertEquals(List.of("supervisord.conf:3: [eventlistener:ev] events: unknown event type \"PROCESS_STATE_FOO\" "
                        + "(did you mean PROCESS_STATE?) (expected supervisord's event types: EVENT, PROCESS_STATE, "
                        + "PROCESS_STATE_STARTING, PROCESS_STATE_RUNNING, PROCESS_STATE_BACKOFF, PROCESS_STATE_STOPPING, "
                        + "PROCESS_STATE_EXITED, PROCESS_STATE_STOPPED, PROCESS_STATE_FATAL, PROCESS_STATE_UNKNOWN, "
                        + "REMOTE_COMMUNICATION, PROCESS_LOG, PROCESS_LOG_STDOUT, PROCESS_LOG_STDERR, PROCESS_COMMUNICATION, "
                        + "PROCESS_COMMUNICATION_STDOUT, PROCESS_COMMUNICATION_STDERR, SUPERVISOR_STATE_CHANGE, "
                        + "SUPERVISOR_STATE_CHANGE_RUNNING, SUPERVISOR_STATE_CHANGE_STOPPING, TICK, TICK_5, TICK_60, "
                        + "TICK_3600, PROCESS_GROUP, PROCESS_GROUP_ADDED, PROCESS_GROUP_REMOVED)",
                        "supervisord.conf:4: [eventlistener:ev] buffer_size: \"x\" is not an integer "
                                + "(expected a whole number 1..10000)",
                        "supervisord.conf:5: [eventlistener:ev] stopsignal: \"NOPE\" is not a signal name "
                                + "(expected TERM, HUP, INT, QUIT, KILL, USR1 or USR2)"),
                errors("[eventlistener:ev]", "command = a", "events = PROCESS_STATE_FOO", "buffer_size = x",
                        "stopsignal = NOPE"));
    }
}
