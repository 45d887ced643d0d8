package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.config.ConfigLoader;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord 4.2.5's getProcessInfo struct for jsuper's processes, field by field (rpcinterface.py). */
class ProcessStructsTest {

    private static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;

    private SupervisordView view(ProcessInfo... processes) throws Exception {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, String.join("\n", "[unix_http_server]", "file = " + dir.resolve("s.sock"),
                "[supervisord]", "childlogdir = " + dir.resolve("logs"),
                "[program:web]", "command = web", "exitcodes = 0,2",
                "stdout_logfile = " + dir.resolve("web.out"), "stderr_logfile = " + dir.resolve("web.err"),
                "[program:auto]", "command = auto",
                "[program:redir]", "command = redir", "redirect_stderr = true",
                "[program:cons]", "command = cons", "stdout_logfile = /dev/stdout", "stderr_logfile = /dev/stderr",
                "") + "\n");
        JsuperConfig config = ConfigLoader.load(file, Map.of());
        return new SupervisordView(List.of(processes), config.watchers(), config.daemon().logdir());
    }

    private static ProcessInfo info(String watcher, ProcessState state, int pid, long uptimeMillis, int starts,
                                    String lastExit, String spawnError, String reason) {
        return new ProcessInfo(watcher, 1, state, pid, uptimeMillis, starts, 0, lastExit, spawnError, reason);
    }

    private static ProcessInfo running(String watcher) {
        return info(watcher, ProcessState.RUNNING, 42, 3_725_000, 1, null, null, null);
    }

    @Test
    void logfiles_areTheCurrentFilesOfThatProcess_logfileIsStdout() throws Exception {
        ProcessInfo web = running("web");
        SupervisordView v = view(web);
        Map<String, Object> m = ProcessStructs.struct(web, v, NOW);
        assertEquals(dir.resolve("web.out").toString(), m.get("stdout_logfile"));
        assertEquals(dir.resolve("web.err").toString(), m.get("stderr_logfile"));
        assertEquals(m.get("stdout_logfile"), m.get("logfile"), "supervisord's b/c alias");
        assertEquals(v.currentFile(web, "stdout").toString(), m.get("stdout_logfile"), "the file the log methods read");
    }

    @Test
    void autoLogfiles_areFilesUnderChildlogdir() throws Exception {
        ProcessInfo auto = running("auto");
        Map<String, Object> m = ProcessStructs.struct(auto, view(auto), NOW);
        assertTrue(((String) m.get("stdout_logfile")).startsWith(dir.resolve("logs").toString()), m.toString());
        assertTrue(((String) m.get("stderr_logfile")).startsWith(dir.resolve("logs").toString()), m.toString());
        assertTrue(!m.get("stdout_logfile").equals(m.get("stderr_logfile")), m.toString());
    }

    @Test
    void redirectedStderr_isEmpty_consoleStreams_areTheDevicePaths() throws Exception {
        ProcessInfo redir = running("redir");
        ProcessInfo cons = running("cons");
        SupervisordView v = view(redir, cons);
        assertEquals("", ProcessStructs.struct(redir, v, NOW).get("stderr_logfile"));
        assertTrue(!"".equals(ProcessStructs.struct(redir, v, NOW).get("stdout_logfile")));
        Map<String, Object> c = ProcessStructs.struct(cons, v, NOW);
        assertEquals("/dev/stdout", c.get("stdout_logfile"));
        assertEquals("/dev/stdout", c.get("logfile"));
        assertEquals("/dev/stderr", c.get("stderr_logfile"));
    }

    @Test
    void running_startNowAndDescription_asSupervisord() throws Exception {
        ProcessInfo web = info("web", ProcessState.RUNNING, 42, 90_061_000, 1, "exit 3", null, null);
        Map<String, Object> m = ProcessStructs.struct(web, view(web), NOW);
        assertEquals((int) (NOW - 90_061), m.get("start"));
        assertEquals((int) NOW, m.get("now"));
        assertEquals(0, m.get("stop"));
        assertEquals(20, m.get("state"));
        assertEquals("RUNNING", m.get("statename"));
        assertEquals("pid 42, uptime 1 day, 1:01:01", m.get("description"));
        assertEquals(0, m.get("exitstatus"), "supervisord resets exitstatus at every spawn");
        assertEquals("", m.get("spawnerr"));
    }

    @Test
    void startingAndStopping_haveNoDescription() throws Exception {
        ProcessInfo starting = info("web", ProcessState.STARTING, 42, 100, 1, null, null, null);
        ProcessInfo stopping = info("auto", ProcessState.STOPPING, 43, 5000, 1, null, null, null);
        SupervisordView v = view(starting, stopping);
        assertEquals("", ProcessStructs.struct(starting, v, NOW).get("description"));
        assertEquals(10, ProcessStructs.struct(starting, v, NOW).get("state"));
        assertEquals("", ProcessStructs.struct(stopping, v, NOW).get("description"));
        assertEquals(40, ProcessStructs.struct(stopping, v, NOW).get("state"));
    }

    @Test
    void backoffAndFatal_afterQuickExits_sayExitedTooQuickly() throws Exception {
        ProcessInfo backoff = info("web", ProcessState.BACKOFF, 0, 0, 1, "exit 1", null,
                "restarting in 1000 ms after 1 quick exit; last: exit 1");
        ProcessInfo fatal = info("auto", ProcessState.FATAL, 0, 0, 4, "exit 1", null, "gave up; last: exit 1");
        SupervisordView v = view(backoff, fatal);
        for (ProcessInfo p : List.of(backoff, fatal)) {
            Map<String, Object> m = ProcessStructs.struct(p, v, NOW);
            assertEquals(ProcessStructs.EXITED_TOO_QUICKLY, m.get("spawnerr"));
            assertEquals(ProcessStructs.EXITED_TOO_QUICKLY, m.get("description"));
            assertEquals(0, m.get("exitstatus"), "an exit before startsecs leaves exitstatus unset");
            assertEquals(0, m.get("start"));
        }
        assertEquals(30, ProcessStructs.struct(backoff, v, NOW).get("state"));
        assertEquals(200, ProcessStructs.struct(fatal, v, NOW).get("state"));
    }

    @Test
    void fatal_afterSpawnFailures_givesTheSpawnError_evenAfterAnEarlierExit() throws Exception {
        ProcessInfo never = info("web", ProcessState.FATAL, 0, 0, 0, null, "No such file or directory", "gave up");
        ProcessInfo later = info("auto", ProcessState.FATAL, 0, 0, 1, "exit 0", "not executable",
                "gave up after 3 attempts; last: spawn failed: not executable");
        SupervisordView v = view(never, later);
        assertEquals("No such file or directory", ProcessStructs.struct(never, v, NOW).get("description"));
        assertEquals("not executable", ProcessStructs.struct(later, v, NOW).get("spawnerr"));
    }

    @Test
    void exited_exitstatusAndBadExitCode_asSupervisord() throws Exception {
        ProcessInfo expected = info("web", ProcessState.EXITED, 0, 0, 1, "exit 2", null, null);
        ProcessInfo unexpected = info("auto", ProcessState.EXITED, 0, 0, 1, "exit 3", null, null);
        ProcessInfo signalled = info("redir", ProcessState.EXITED, 0, 0, 1, "SIGKILL", null, null);
        SupervisordView v = view(expected, unexpected, signalled);
        assertEquals(2, ProcessStructs.struct(expected, v, NOW).get("exitstatus"));
        assertEquals("", ProcessStructs.struct(expected, v, NOW).get("spawnerr"), "exitcodes = 0,2");
        assertEquals(3, ProcessStructs.struct(unexpected, v, NOW).get("exitstatus"));
        assertEquals("Bad exit code 3", ProcessStructs.struct(unexpected, v, NOW).get("spawnerr"));
        assertEquals(-1, ProcessStructs.struct(signalled, v, NOW).get("exitstatus"), "a signal: -1");
        assertEquals("Bad exit code -1", ProcessStructs.struct(signalled, v, NOW).get("spawnerr"));
        assertTrue(((String) ProcessStructs.struct(unexpected, v, NOW).get("description")).matches(
                "[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M"), "the stop time");
    }

    @Test
    void ended_startAndStopAreTheLastSpawnAndEnd_andTheDescriptionIsTheStopTime() throws Exception {
        ProcessInfo stopped = new ProcessInfo("web", 1, ProcessState.STOPPED, 0, 0, 1, 0, "SIGTERM", null, null, 0,
                io.jsuper.jsuperd.core.OutputCounters.NONE, io.jsuper.jsuperd.containment.ResourceUsage.UNKNOWN, List.of(),
                null, new io.jsuper.jsuperd.core.ProcessTimes(7_200_000, 3_600_000));
        Map<String, Object> m = ProcessStructs.struct(stopped, view(stopped), NOW);
        assertEquals((int) (NOW - 7200), m.get("start"), "supervisord's laststart, kept after the child ended");
        assertEquals((int) (NOW - 3600), m.get("stop"), "supervisord's laststop");
        assertEquals(ProcessStructs.STOP_TIME.format(java.time.Instant.ofEpochSecond(NOW - 3600)
                .atZone(java.time.ZoneId.systemDefault())), m.get("description"), "the stop time, not the query's");
    }

    @Test
    void stopped_byTerm_isMinusOne_neverStarted_isNotStarted() throws Exception {
        ProcessInfo stopped = info("web", ProcessState.STOPPED, 0, 0, 1, "SIGTERM", null, null);
        ProcessInfo never = info("auto", ProcessState.STOPPED, 0, 0, 0, null, null, null);
        SupervisordView v = view(stopped, never);
        assertEquals(-1, ProcessStructs.struct(stopped, v, NOW).get("exitstatus"));
        assertEquals("", ProcessStructs.struct(stopped, v, NOW).get("spawnerr"));
        Map<String, Object> m = ProcessStructs.struct(never, v, NOW);
        assertEquals("Not started", m.get("description"));
        assertEquals(0, m.get("exitstatus"));
        assertEquals(0, m.get("state"));
        assertEquals("STOPPED", m.get("statename"));
        assertEquals(0, m.get("pid"));
    }

    @Test
    void everyField_inSupervisordsSet() throws Exception {
        ProcessInfo web = running("web");
        assertEquals(List.of("name", "group", "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus",
                "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"),
                List.copyOf(ProcessStructs.struct(web, view(web), NOW).keySet()));
    }
}
