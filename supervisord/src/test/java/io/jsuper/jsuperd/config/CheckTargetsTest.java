package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Check targets from daemon-owned sockets and the process's environment: load, errors, resolution. */
class CheckTargetsTest {

    @TempDir
    Path dir;

    @Test
    void socketAndEnvReferences_areKeptForEachProcess() throws Exception {
        JsuperConfig c = ConfigFiles.load(ConfigFiles.write(dir, "j.ini",
                "[socket:web]", "host = 127.0.0.1", "port = 8000",
                "[watcher:web]", "cmd = sleep 1", "use_sockets = true",
                "liveness = tcp $(circus.sockets.web)",
                "readiness = http http://127.0.0.1:$(circus.sockets.web)/ping",
                "[watcher:api]", "cmd = sleep 1", "env = PORT=90$(circus.wid)",
                "readiness = tcp 127.0.0.1:$(circus.env.PORT)",
                "liveness = http http://127.0.0.1:$(CIRCUS.ENV.PORT)/health"));
        Probes web = c.watchers().get("web").probes();
        assertEquals("$(circus.sockets.web)", web.liveness().orElseThrow().target());
        assertEquals("http://127.0.0.1:$(circus.sockets.web)/ping", web.readiness().orElseThrow().target());
        Probes api = c.watchers().get("api").probes();
        assertEquals("127.0.0.1:$(circus.env.PORT)", api.readiness().orElseThrow().target());
        assertEquals("http://127.0.0.1:$(circus.env.PORT)/health", api.liveness().orElseThrow().target());
    }

    @Test
    void unknownSocketsAndVariables_andSocketsACheckCannotUse_areErrorsWithLine() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "j.ini",
                "[socket:web]", "host = 127.0.0.1", "port = 8000",
                "[socket:local]", "family = AF_UNIX", "path = " + dir.resolve("s.sock"),
                "[watcher:web]", "cmd = sleep 1", "use_sockets = true",
                "liveness = tcp $(circus.sockets.webb)",
                "readiness = http http://$(circus.sockets.local)/ping",
                "startup = exec /bin/check $(circus.sockets.web)",
                "[watcher:api]", "cmd = sleep 1", "copy_env = false",
                "readiness = tcp 127.0.0.1:$(circus.env.NO_SUCH_PORT)"));
        String m = e.getMessage();
        assertTrue(m.contains("j.ini:10: [watcher:web] liveness: $(circus.sockets.webb) names no [socket:webb] section; did you mean web?"), m);
        assertTrue(m.contains("j.ini:11: [watcher:web] readiness: $(circus.sockets.local) in readiness: [socket:local] is a unix "
                + "socket (http checks reach TCP sockets only)"), m);
        assertTrue(m.contains("j.ini:12: [watcher:web] startup: $(circus.sockets.NAME) is for tcp and http checks"), m);
        assertTrue(m.contains("j.ini:16: [watcher:api] readiness: $(circus.env.NO_SUCH_PORT) in readiness: NO_SUCH_PORT is not "
                + "in the environment of api's processes"), m);
    }

    @Test
    void resolve_givesTheAddress_orThePortAfterAColon_perProcess() {
        Map<String, String> env = Map.of("PORT", "9001");
        Map<String, String> sockets = Map.of("web", "127.0.0.1:8000", "v6", "[::1]:8001", "local", "unix:/run/x.sock");
        java.util.function.Function<String, Optional<String>> e = n -> Optional.ofNullable(env.get(n));
        java.util.function.Function<String, Optional<String>> s = n -> Optional.ofNullable(sockets.get(n));
        assertEquals(Optional.of("127.0.0.1:8000"), CheckTargets.resolve("$(circus.sockets.web)", e, s));
        assertEquals(Optional.of("http://localhost:8001/x"), CheckTargets.resolve("http://localhost:$(circus.sockets.v6)/x", e, s));
        assertEquals(Optional.of("unix:/run/x.sock"), CheckTargets.resolve("$(circus.sockets.local)", e, s));
        assertEquals(Optional.of("127.0.0.1:9001"), CheckTargets.resolve("127.0.0.1:$(circus.env.PORT)", e, s));
        StringBuilder why = new StringBuilder();
        assertEquals(Optional.empty(), CheckTargets.resolve("127.0.0.1:$(circus.sockets.local)", e, s, why));
        assertEquals("socket local (unix:/run/x.sock) has no port", why.toString());
        why.setLength(0);
        assertEquals(Optional.empty(), CheckTargets.resolve("127.0.0.1:$(circus.env.GONE)", e, s, why));
        assertEquals("environment variable GONE is not set", why.toString());
        assertFalse(CheckTargets.hasReferences("127.0.0.1:8000"));
    }
}
