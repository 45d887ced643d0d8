package io.jsuper.jsuperctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SocketLocatorTest {
    @TempDir
    Path dir;

    @Test
    void configSocket_relativeToTheFilesDirectory() throws Exception {
        Path ini = dir.resolve("jsuperd.ini");
        Files.writeString(ini, "; comment\n[watcher:web]\nsocket = nope\n[jsuperd]\n  socket =  run/j.sock  \nhttp = 1\n");
        assertEquals(dir.resolve("run/j.sock"), SocketLocator.socketFromConfig(ini));
    }

    @Test
    void configSocket_absolute_lastWins_missingIsNull() throws Exception {
        Path ini = dir.resolve("a.ini");
        Files.writeString(ini, "[jsuperd]\nsocket=/x/1.sock\n[jsuperd]\nsocket=/x/2.sock\n");
        assertEquals(Path.of("/x/2.sock"), SocketLocator.socketFromConfig(ini));
        Files.writeString(ini, "[jsuperd]\nlogdir=/tmp\n");
        assertNull(SocketLocator.socketFromConfig(ini));
    }

    /** Regression: jsuperctl -c supervisord.conf looked next to the file instead of [unix_http_server] file. */
    @Test
    void supervisordFile_socketIsTheUnixHttpServerFile() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = %(here)s/run/s.sock ; the socket\n[program:web]\n"
                + "command = sleep 1\nfile = nope\n");
        assertEquals(dir.toAbsolutePath().resolve("run/s.sock"), SocketLocator.socketFromConfig(conf, Map.of()));
    }

    /** Regression: jsuperctl -c FILE without socket = looked in /run/jsuper instead of the daemon's default. */
    @Test
    void configWithoutSocket_meansTheDaemonsDefault_nextToTheFile() throws Exception {
        Path ini = dir.resolve("c.ini");
        Files.writeString(ini, "[jsuperd]\nloglevel = info\n");
        assertEquals(dir.resolve("jsuperd.sock"), SocketLocator.locate(null, ini, Map.of("JSUPER_SOCKET", "/elsewhere.sock")));
    }

    @Test
    void configSocket_followsTheDaemonsIniRules() throws Exception {
        Path ini = dir.resolve("b.ini");
        Files.writeString(ini, "[jsuperd]\nsocket: %(here)s/j.sock ; the socket\n");
        assertEquals(dir.toAbsolutePath().resolve("j.sock"), SocketLocator.socketFromConfig(ini, Map.of()));
        Files.writeString(ini, "[jsuperd]\nsocket = $(circus.env.RUN)/a%%b#c.sock # note\n");
        assertEquals(Path.of("/run/x/a%b#c.sock"), SocketLocator.socketFromConfig(ini, Map.of("RUN", "/run/x")));
        Files.writeString(ini, "[jsuperd]\nsocket = %(ENV_RUN)s/j.sock\n");
        assertEquals(Path.of("/r/j.sock"), SocketLocator.socketFromConfig(ini, Map.of("RUN", "/r")));
        assertNull(SocketLocator.socketFromConfig(ini, Map.of()), "unset variable: the daemon refuses this config");
    }

    @Test
    void precedence_optionThenConfigThenEnvThenSystem() throws Exception {
        Path ini = dir.resolve("a.ini");
        Files.writeString(ini, "[jsuperd]\nsocket=/c.sock\n");
        Map<String, String> env = Map.of("JSUPER_SOCKET", "/e.sock");
        assertEquals(Path.of("/o.sock"), SocketLocator.locate(Path.of("/o.sock"), ini, env));
        assertEquals(Path.of("/c.sock"), SocketLocator.locate(null, ini, env));
        assertEquals(Path.of("/e.sock"), SocketLocator.locate(null, null, env));
        if (!Files.exists(SocketLocator.LOCAL_SOCKET)) {
            assertEquals(SocketLocator.SYSTEM_SOCKET, SocketLocator.locate(null, null, Map.of()));
        }
    }

    @Test
    void unreadableConfig_isUsageError() {
        CtlException e = org.junit.jupiter.api.Assertions.assertThrows(CtlException.class,
                () -> SocketLocator.socketFromConfig(dir.resolve("missing.ini")));
        assertEquals(2, e.exitCode());
    }
}
