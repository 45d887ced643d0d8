package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [socket:NAME]} sections, {@code use_sockets} and {@code $(circus.sockets.NAME)}. */
class SocketConfigTest {
    @TempDir
    Path dir;

    @Test
    void inetSocket_takesCircusOptionsAndDefaults() throws ConfigException {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[socket:web]", "host = 127.0.0.1", "port = 8000",
                "[watcher:w]", "cmd = gunicorn --bind fd://$(circus.sockets.web) app:app", "use_sockets = true"));
        SocketConfig s = c.sockets().get("web");
        assertEquals(new SocketConfig("web", SocketConfig.Family.INET, SocketConfig.Type.STREAM, "127.0.0.1", 8000,
                Optional.empty(), 2048, 0117, false, Optional.empty(), false, false), s);
        assertEquals("127.0.0.1:8000", s.address());
        assertTrue(c.watchers().get("w").deploy().useSockets());
        assertEquals("gunicorn --bind fd://$(circus.sockets.web) app:app", c.watchers().get("w").cmd());
    }

    @Test
    void everyOption_isBound() throws ConfigException {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[socket:a]", "family = AF_INET6", "host = ::1", "port = 9000",
                "type = SOCK_STREAM", "backlog = 16", "so_reuseport = true", "interface = lo", "blocking = true",
                "[socket:u]", "path = run/u.sock", "umask = 077", "replace = true"));
        SocketConfig a = c.sockets().get("a");
        assertEquals(SocketConfig.Family.INET6, a.family());
        assertEquals("[::1]:9000", a.address());
        assertEquals(16, a.backlog());
        assertTrue(a.soReuseport() && a.blocking());
        assertEquals(Optional.of("lo"), a.iface());
        SocketConfig u = c.sockets().get("u");
        assertEquals(SocketConfig.Family.UNIX, u.family());
        assertEquals(Optional.of(dir.resolve("run/u.sock").toAbsolutePath()), u.path());
        assertEquals(077, u.umask());
        assertTrue(u.replace());
        assertEquals(List.of("a", "u"), List.copyOf(c.sockets().keySet()));
    }

    @Test
    void badValues_areErrorsWithFileAndLine() {
        String m = failure(write(dir, "jsuperd.ini", "[socket:web]", "family = AF_PACKET", "type = SOCK_RAW",
                "port = 70000", "backlog = 0", "umask = 999", "so_reuseport = maybe", "colour = red",
                "[socket:u]", "path = /tmp/x.sock", "port = 80")).getMessage();
        assertTrue(m.contains("jsuperd.ini:2: [socket:web] family: \"AF_PACKET\" is not a socket family (expected AF_INET, AF_INET6 or AF_UNIX)"), m);
        assertTrue(m.contains("jsuperd.ini:3: [socket:web] type: \"SOCK_RAW\" is not a supported socket type"), m);
        assertTrue(m.contains("jsuperd.ini:4: [socket:web] port:"), m);
        assertTrue(m.contains("jsuperd.ini:5: [socket:web] backlog:"), m);
        assertTrue(m.contains("jsuperd.ini:6: [socket:web] umask:"), m);
        assertTrue(m.contains("jsuperd.ini:7: [socket:web] so_reuseport:"), m);
        assertTrue(m.contains("jsuperd.ini:8: [socket:web] colour: unknown option \"colour\""), m);
        assertTrue(m.contains("jsuperd.ini:11: [socket:u] port: port does not apply to a unix socket"), m);
    }

    @Test
    void hostOfTheWrongFamily_andPathWithInet_areErrors() {
        String m = failure(write(dir, "jsuperd.ini", "[socket:a]", "host = ::1", "[socket:b]", "family = AF_INET",
                "path = /tmp/b.sock", "[socket:c]", "family = AF_UNIX")).getMessage();
        assertTrue(m.contains("jsuperd.ini:2: [socket:a] host: ::1 is an IPv6 address but family is AF_INET"), m);
        assertTrue(m.contains("jsuperd.ini:5: [socket:b] path: path is set but family is INET"), m);
        assertTrue(m.contains("[socket:c] path: a unix socket needs a path"), m);
    }

    @Test
    void referenceToAnUnknownSocket_getsADidYouMean() {
        String m = failure(write(dir, "jsuperd.ini", "[socket:web]", "port = 8000", "[watcher:w]",
                "cmd = app --fd $(circus.sockets.wbe)", "use_sockets = true")).getMessage();
        assertTrue(m.contains("jsuperd.ini:4: [watcher:w] cmd: $(circus.sockets.wbe) names no [socket:wbe] section; did you mean web?"), m);
    }

    @Test
    void useSocketsWithoutSockets_andReferenceInWorkingDir_areErrors() {
        String m = failure(write(dir, "jsuperd.ini", "[watcher:w]", "cmd = app", "use_sockets = true",
                "working_dir = /srv/$(circus.sockets.web)")).getMessage();
        assertTrue(m.contains("jsuperd.ini:3: [watcher:w] use_sockets: use_sockets = true but there is no [socket:NAME] section"), m);
        assertTrue(m.contains("jsuperd.ini:4: [watcher:w] working_dir: $(circus.sockets.web) cannot be used in working_dir"), m);
    }

    @Test
    void duplicateSocket_isAnError() {
        String m = failure(write(dir, "jsuperd.ini", "[socket:web]", "port = 1", "[socket:web ]", "port = 2")).getMessage();
        assertTrue(m.contains("jsuperd.ini:3: section [socket:web] appears twice in this file (first at line 1)"), m);
    }

    @Test
    void rollPace_isBoundAndBothZeroIsAnError() throws ConfigException {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:w]", "cmd = app", "max_surge = 2", "max_unavailable = 1"));
        assertEquals(2, c.watchers().get("w").deploy().maxSurge());
        assertEquals(1, c.watchers().get("w").deploy().maxUnavailable());
        assertFalse(c.watchers().get("w").deploy().useSockets());
        String m = failure(write(dir, "bad.ini", "[watcher:w]", "cmd = app", "max_surge = 0")).getMessage();
        assertTrue(m.contains("bad.ini:3: [watcher:w] max_surge: max_surge = 0 and max_unavailable = 0"), m);
    }

    @Test
    void changedSocket_isADifferentRecord() throws ConfigException {
        SocketConfig a = load(write(dir, "a.ini", "[socket:web]", "port = 8000")).sockets().get("web");
        SocketConfig b = load(write(dir, "b.ini", "[socket:web]", "port = 8000", "backlog = 10")).sockets().get("web");
        SocketConfig c = load(write(dir, "c.ini", "", "[socket:web]", "port = 8000")).sockets().get("web");
        assertNotEquals(a, b);
        assertEquals(a, c); // moving a section to another line changes nothing
    }
}
