package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
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
    void badEventType_missingEvents_andPythonResultHandler_areErrorsWithFileAndLine() {
        String m = failure(write(dir, "s.conf", "[eventlistener:a]", "command = /bin/cat", "events = PROCES_STATE",
                "[eventlistener:b]", "command = /bin/cat", "[eventlistener:c]", "command = /bin/cat",
                "events = TICK_60", "result_handler = my.module:handler")).getMessage();
        assertTrue(m.contains("s.conf:3") && m.contains("unknown event type \"PROCES_STATE\" (did you mean PROCESS_STATE?)"), m);
        assertTrue(m.contains("s.conf:4") && m.contains("[eventlistener:b] without events"), m);
        assertFalse(m.contains("listener_pool is set"), "an invalid events= is one error, not two: " + m);
        assertTrue(m.contains("s.conf:9") && m.contains("Python callable"), m);
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
                "stdout_events_enabled = true", "stderr_events_enabled = false"));
        WatcherMonitoring m = l.config().watchers().get("a").monitoring();
        assertTrue(m.outputEvents("stdout"));
        assertFalse(m.outputEvents("stderr"));
        assertFalse(l.warnings().toString().contains("events_enabled"), l.warnings().toString());
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
