package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's {@code [eventlistener:x]} and jsuper's {@code listener_*} options. */
class EventListenerConfigTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    @Test
    void eventlistener_becomesAListenerWatcher_withSupervisordsDefaultsAndEnvironment() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[unix_http_server]", "file = /tmp/x.sock",
                "username = u", "password = p", "[eventlistener:mon]", "command = /bin/cat",
                "events = PROCESS_STATE, tick_5", "buffer_size = 3", "environment = A=\"1\""));
        WatcherConfig w = l.config().watchers().get("mon");
        EventListenerSettings s = w.monitoring().listener().orElseThrow();
        assertEquals("mon", s.pool());
        assertEquals(Set.of("PROCESS_STATE", "TICK_5"), s.events());
        assertEquals(3, s.bufferSize());
        assertEquals(1, w.priority(), "supervisord's listener priority -1 starts before programs (999)");
        assertEquals("unix:///tmp/x.sock", w.env().get("SUPERVISOR_SERVER_URL"));
        assertEquals("mon", w.env().get("SUPERVISOR_PROCESS_NAME"));
        assertEquals("mon", w.env().get("SUPERVISOR_GROUP_NAME"));
        assertEquals("1", w.env().get("SUPERVISOR_ENABLED"));
        assertEquals("u", w.env().get("SUPERVISOR_USERNAME"));
        assertEquals("p", w.env().get("SUPERVISOR_PASSWORD"));
        assertEquals("1", w.env().get("A"));
        assertFalse(l.warnings().toString().contains("mon"), l.warnings().toString());
    }

    @Test
    void numprocs_sharesOnePool() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[eventlistener:mon]", "command = /bin/cat",
                "events = TICK", "numprocs = 2", "process_name = %(program_name)s_%(process_num)d"));
        assertEquals(List.of("mon_0", "mon_1"), List.copyOf(l.config().watchers().keySet()));
        for (WatcherConfig w : l.config().watchers().values()) {
            assertEquals("mon", w.monitoring().listener().orElseThrow().pool());
        }
        assertEquals("mon_1", l.config().watchers().get("mon_1").env().get("SUPERVISOR_PROCESS_NAME"));
    }

    @Test
    void badEventType_missingEvents_areErrorsWithFileAndLine() {
        String m = failure(write(dir, "s.conf", "[eventlistener:a]", "command = /bin/cat", "events = PROCES_STATE",
                "[eventlistener:b]", "command = /bin/cat")).getMessage();
        assertTrue(m.contains("s.conf:3") && m.contains("unknown event type \"PROCES_STATE\" (did you mean PROCESS_STATE?)"), m);
        assertTrue(m.contains("s.conf:4") && m.contains("[eventlistener:b] without events"), m);
        assertFalse(m.contains("listener_pool is set"), "an invalid events= is one error, not two: " + m);
    }

    @Test
    void resultHandler_defaultIsOk_supervisorStdoutPrints_otherPythonHandlers_acceptAllWithAWarning()
            throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[eventlistener:plain]", "command = /bin/cat",
                "events = TICK_60", "[eventlistener:stdout]", "command = supervisor_stdout", "events = PROCESS_LOG",
                "result_handler = supervisor_stdout:event_handler", "[eventlistener:own]", "command = /bin/cat",
                "events = TICK_60", "result_handler = my.module:handler"));
        assertEquals(EventListenerSettings.Results.OK, results(l, "plain"));
        assertEquals(EventListenerSettings.Results.PRINT, results(l, "stdout"));
        assertEquals(EventListenerSettings.Results.ANY, results(l, "own"));
        String w = l.warnings().toString();
        assertTrue(w.contains("s.conf:11") && w.contains("result_handler = my.module:handler is a Python callable")
                && w.contains("listener_results = any"), w);
        assertFalse(w.contains("supervisor_stdout:event_handler"), "supervisor_stdout's handler is followed: " + w);
    }

    @Test
    void nativeListenerResults_badValue_namesTheChoices() {
        String m = failure(write(dir, "j.ini", "[watcher:w]", "cmd = /bin/cat", "listener_events = TICK_5",
                "listener_results = maybe")).getMessage();
        assertTrue(m.contains("j.ini:4") && m.contains("\"maybe\" is not a result handling") && m.contains("print"), m);
    }

    private static EventListenerSettings.Results results(ConfigLoader.Loaded l, String watcher) {
        return l.config().watchers().get(watcher).monitoring().listener().orElseThrow().results();
    }

    @Test
    void redirectStderr_isRefusedOnAListener() {
        String m = failure(write(dir, "s.conf", "[eventlistener:a]", "command = /bin/cat", "events = TICK_60",
                "redirect_stderr = true")).getMessage();
        assertTrue(m.contains("s.conf:4") && m.contains("stdout is the protocol channel"), m);
    }

    @Test
    void nativeWatcher_listenerOptions_needListenerEvents() {
        String m = failure(write(dir, "j.ini", "[watcher:w]", "cmd = /bin/cat", "listener_pool = p")).getMessage();
        assertTrue(m.contains("j.ini:3") && m.contains("listener_pool is set but listener_events is not"), m);
    }

    @Test
    void stdoutEventsEnabled_isHonoured_withoutAWarning() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:a]", "command = /bin/cat",
                "stdout_events_enabled = true", "stderr_events_enabled = false", "stderr_capture_maxbytes = 1KB",
                "stdout_capture_maxbytes = 0"));
        WatcherMonitoring m = l.config().watchers().get("a").monitoring();
        assertTrue(m.outputEvents("stdout"));
        assertFalse(m.outputEvents("stderr"));
        assertEquals(Map.of("stderr", 1024), m.captureMaxBytes());
        assertFalse(l.warnings().toString().contains("events_enabled"), l.warnings().toString());
        assertFalse(l.warnings().toString().contains("capture_maxbytes"), l.warnings().toString());
        String big = load(write(dir, "t.conf", "[program:a]", "command = /bin/cat", "stdout_capture_maxbytes = 2MB"))
                .warnings().toString();
        assertTrue(big.contains("t.conf:3") && big.contains("at most 1MB"), "a real file asks for 10MB: a warning, "
                + "not a refusal: " + big);
    }

    @Test
    void supertypes_coverTheirSubtypes_andEventCoversAll() {
        EventListenerSettings s = new EventListenerSettings("p", Set.of("PROCESS_STATE", "TICK_60"), 10);
        assertTrue(s.wants("PROCESS_STATE_EXITED"));
        assertTrue(s.wants("TICK_60"));
        assertFalse(s.wants("TICK_5"));
        assertFalse(s.wants("PROCESS_LOG_STDOUT"));
        assertTrue(new EventListenerSettings("p", Set.of("EVENT"), 1).wants("PROCESS_GROUP_ADDED"));
        assertTrue(new EventListenerSettings("p", Set.of("TICK"), 1).wants("TICK_3600"));
    }
}
