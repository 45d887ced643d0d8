package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** startup / readiness / liveness checks and their sub-options: values, defaults and file:line errors. */
class ProbeOptionsTest {

    @TempDir
    Path dir;

    @Test
    void noChecks_byDefault() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1"));
        assertEquals(Probes.NONE, c.watchers().get("web").probes());
        assertFalse(c.watchers().get("web").probes().any());
    }

    @Test
    void bindsEveryOption() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1",
                "readiness = http http://127.0.0.1:8080/ready", "readiness.interval = 500ms",
                "readiness.timeout = 2s", "readiness.failure_threshold = 5", "readiness.success_threshold = 2",
                "readiness.initial_delay = 1s", "readiness.http_status = 200, 204", "readiness.http_body = ok",
                "liveness = tcp 127.0.0.1:8080", "ready_deadline = 2m"));
        Probes p = c.watchers().get("web").probes();
        assertEquals(Optional.of(new ProbeSpec(ProbeSpec.Kind.HTTP, "http://127.0.0.1:8080/ready",
                Duration.ofMillis(500), Duration.ofSeconds(2), 5, 2, Duration.ofSeconds(1), Set.of(200, 204), "ok")),
                p.readiness());
        assertEquals(Optional.of(new ProbeSpec(ProbeSpec.Kind.TCP, "127.0.0.1:8080", Duration.ofSeconds(10),
                Duration.ofSeconds(1), 3, 1, Duration.ZERO, Set.of(), "")), p.liveness());
        assertEquals(Optional.empty(), p.startup());
        assertEquals(Duration.ofMinutes(2), p.readyDeadline());
        assertTrue(p.gatesRunning());
    }

    @Test
    void badValues_areErrorsWithLineAndWhatWouldBeRight() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1",
                "readiness = ping 127.0.0.1", "liveness = tcp localhost:99999", "startup = exec",
                "liveness.failure_threshold = 0", "readiness.http_status = 200,abc", "startup.interval = 0",
                "[watcher:db]", "cmd = sleep 1", "liveness.timeout = 2s", "ready_deadline = 10s",
                "liveness = tcp 127.0.0.1:5432"));
        String m = e.getMessage();
        assertTrue(m.contains("j.ini:3: [watcher:web] readiness: \"ping 127.0.0.1\" is not a health check (expected tcp HOST:PORT"), m);
        assertTrue(m.contains("j.ini:4: [watcher:web] liveness: \"localhost:99999\" is not a valid tcp target"), m);
        assertTrue(m.contains("j.ini:5: [watcher:web] startup: exec needs a command, e.g. exec /usr/bin/pg_isready -q"), m);
        assertTrue(m.contains("j.ini:6: [watcher:web] liveness.failure_threshold:"), m);
        assertTrue(m.contains("j.ini:7: [watcher:web] readiness.http_status: \"abc\" is not an HTTP status"), m);
        assertTrue(m.contains("j.ini:8: [watcher:web] startup.interval:"), m);
        assertTrue(m.contains("[watcher:db] ready_deadline: ready_deadline is set but there is no startup or readiness check"), m);
    }

    @Test
    void subOptionWithoutItsCheck_isAnError() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1",
                "readiness.interval = 2s"));
        assertTrue(e.getMessage().contains("j.ini:3: [watcher:web] readiness.interval: readiness.interval is set but "
                + "readiness is not"), e.getMessage());
    }

    @Test
    void execAndNotifyChecks_bind() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[watcher:db]", "cmd = sleep 1",
                "readiness = notify", "ready_deadline = 2m",
                "liveness = exec /usr/bin/pg_isready -h 127.0.0.1 -q", "liveness.timeout = 3s"));
        Probes p = c.watchers().get("db").probes();
        assertEquals(ProbeSpec.Kind.NOTIFY, p.readiness().orElseThrow().kind());
        assertTrue(p.usesNotify());
        ProbeSpec live = p.liveness().orElseThrow();
        assertEquals(ProbeSpec.Kind.EXEC, live.kind());
        assertEquals("/usr/bin/pg_isready -h 127.0.0.1 -q", live.target());
        assertEquals(Duration.ofSeconds(3), live.timeout());
        assertEquals("exec /usr/bin/pg_isready -h 127.0.0.1 -q", live.describe());
    }

    @Test
    void notifyAsLiveness_notifyWithTimingOptions_andHttpOptionsOnExec_areErrors() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1",
                "liveness = notify", "readiness = notify now", "startup = notify", "startup.interval = 2s",
                "[watcher:w2]", "cmd = sleep 1", "readiness = exec /bin/true", "readiness.http_body = ok"));
        String m = e.getMessage();
        assertTrue(m.contains("j.ini:3: [watcher:web] liveness: notify is a readiness or startup check"), m);
        assertTrue(m.contains("j.ini:4: [watcher:web] readiness: \"notify now\": notify takes no target"), m);
        assertTrue(m.contains("j.ini:6: [watcher:web] startup.interval: startup.interval is set on a notify check"), m);
        assertTrue(m.contains("j.ini:10: [watcher:w2] readiness.http_body: readiness.http_body is set on an exec check"), m);
    }

    @Test
    void labelsAndAlarms_bind_andBadOnesAreErrors() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini", "[watcher:web]", "cmd = sleep 1",
                "labels = tier=web, team=payments", "on_fatal = /usr/local/bin/page-me --urgent",
                "on_restart = logger restarted", "alarm_timeout = 3s"));
        WatcherMonitoring m = c.watchers().get("web").monitoring();
        assertEquals(java.util.List.of("team", "tier"), java.util.List.copyOf(m.labels().keySet()));
        assertEquals("/usr/local/bin/page-me --urgent", m.alarms().get(WatcherMonitoring.AlarmEvent.FATAL));
        assertEquals(Duration.ofSeconds(3), m.alarmTimeout());
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "k.ini", "[watcher:a]", "cmd = sleep 1",
                "labels = watcher=x", "[watcher:b]", "cmd = sleep 1", "labels = 9lives=yes", "alarm_timeout = 2s"));
        String text = e.getMessage();
        assertTrue(text.contains("k.ini:3: [watcher:a] labels: label watcher is set by jsuperd itself"), text);
        assertTrue(text.contains("k.ini:6: [watcher:b] labels: \"9lives=yes\" is not a label"), text);
        assertTrue(text.contains("k.ini:7: [watcher:b] alarm_timeout: alarm_timeout is set but no on_* alarm command is"), text);
    }
}
