package io.jsuper.jsuperd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jsuperd --check FILE} on a supervisord or Circus file prints every remaining difference in meaning,
 * one plain line each with file:line, and refuses a log path that is a symlink or not a regular file.
 */
class CheckDifferencesTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run check(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Jsuperd.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void checkFile_printsEachDifference_oneLineWithFileAndLine() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.write(conf, List.of("[supervisord]", "childlogdir = " + dir.resolve("logs"), "logfile_maxbytes = 1MB",
                "[unix_http_server]", "file = " + dir.resolve("s.sock"), "[program:web]", "command = sleep 100",
                "stdout_syslog = true", "stopasgroup = false"));
        Run r = check("--check", conf.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("supervisord.conf:3: [supervisord] logfile_maxbytes: the daemon's own log is not rotated "
                + "by jsuperd (expected logrotate with copytruncate, or SIGUSR2 to reopen)"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("supervisord.conf:8: [program:web] stdout_syslog: ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("supervisord.conf:9: [program:web] stopasgroup: ")), r.out());
        assertTrue(r.out().contains("is valid (1 watchers; 3 differences in meaning, one per line above)"), r.out());
    }

    @Test
    void checkFile_refusesASymlinkedOrNonRegularLogPath_atCheckTime() throws Exception {
        Path real = Files.writeString(dir.resolve("real.log"), "");
        Files.createSymbolicLink(dir.resolve("link.log"), real);
        Files.createDirectories(dir.resolve("adir.log"));
        Path conf = dir.resolve("supervisord.conf");
        Files.write(conf, List.of("[supervisord]", "childlogdir = " + dir.resolve("logs"),
                "[unix_http_server]", "file = " + dir.resolve("s.sock"),
                "[program:web]", "command = sleep 100", "stdout_logfile = " + dir.resolve("link.log"),
                "stderr_logfile = " + dir.resolve("adir.log")));
        Run r = check("--check", conf.toString());
        assertEquals(78, r.exit(), r.toString());
        // named as written (not [watcher:web] stdout_stream.filename), with what supervisord takes there
        assertTrue(r.err().contains("supervisord.conf:7: [program:web] stdout_logfile: \"" + dir.resolve("link.log")
                + "\" is a symbolic link (jsuperd does not follow links at the log path) (expected AUTO, NONE, "
                + "/dev/stdout, /dev/stderr or the path of a regular file)"), r.err());
        assertTrue(r.err().contains("supervisord.conf:8: [program:web] stderr_logfile: \"" + dir.resolve("adir.log")
                + "\" is not a regular file"), r.err());
    }

    /** {@code jsuperd --check FILE} and {@code jsuperd -c FILE} name a supervisord file's bad values as written. */
    @Test
    void badSupervisordValues_atCheckAndAtStart_nameTheOptionsAsWritten() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.write(conf, List.of("[supervisord]", "childlogdir = " + dir.resolve("logs"), "[unix_http_server]",
                "file = " + dir.resolve("s.sock"), "[program:web]", "command = sleep 100", "stopsignal = TERMINATE",
                "stdout_logfile_maxbytes = 5XB", "numprocs = 2", "process_name = %(foo)s"));
        String expected = String.join("\n", "jsuperd: invalid config, not starting:",
                "supervisord.conf:7: [program:web] stopsignal: \"TERMINATE\" is not a signal name "
                        + "(expected TERM, HUP, INT, QUIT, KILL, USR1 or USR2)",
                "supervisord.conf:8: [program:web] stdout_logfile_maxbytes: \"5XB\" is not a byte size "
                        + "(expected a byte count, or a number with KB, MB or GB (1KB = 1024 bytes), e.g. 50MB)",
                "supervisord.conf:10: [program:web] process_name: numprocs = 2 but process_name has no %(process_num) "
                        + "(expected process_name = %(program_name)s_%(process_num)02d (supervisord requires it too))",
                "supervisord.conf:10: [program:web] process_name: unknown reference %(foo)s (expected one of "
                        + "%(program_name)s, %(process_num)d, %(group_name)s, %(numprocs)d, %(host_node_name)s, %(here)s, "
                        + "%(ENV_NAME)s)") + "\n";
        Run check = check("--check", conf.toString());
        assertEquals(78, check.exit(), check.toString());
        assertEquals(expected, check.err());
        Run start = check("-c", conf.toString());
        assertEquals(78, start.exit(), start.toString());
        assertEquals(expected, start.err());
    }
}
