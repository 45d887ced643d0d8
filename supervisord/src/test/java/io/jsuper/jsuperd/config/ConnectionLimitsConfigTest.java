package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network-edge limits of [jsuperd]: defaults, binding, and errors naming file, line and range. */
class ConnectionLimitsConfigTest {
    @TempDir
    Path dir;

    @Test
    void absent_givesTheDocumentedDefaults() throws Exception {
        ConnectionLimits l = load(write(dir, "jsuperd.ini", "[jsuperd]", "loglevel = info")).daemon().connectionLimits();
        assertEquals(new ConnectionLimits(64, 64, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                256), l);
        assertEquals(ConnectionLimits.defaults(), l);
    }

    @Test
    void everyOption_isBound() throws Exception {
        ConnectionLimits l = load(write(dir, "jsuperd.ini", "[jsuperd]", "http_max_connections = 10",
                "socket_max_connections = 5", "request_timeout = 2s", "idle_timeout = 1m", "write_timeout = 500ms",
                "fd_reserve = 32")).daemon().connectionLimits();
        assertEquals(new ConnectionLimits(10, 5, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMillis(500), 32), l);
    }

    @Test
    void badValues_areErrorsWithFileLineAndRange() throws Exception {
        String msg = failure(write(dir, "jsuperd.ini", "[jsuperd]", "http_max_connections = 0",
                "request_timeout = 0", "idle_timeout = forever", "fd_reserve = -1")).getMessage();
        assertTrue(msg.contains("jsuperd.ini:2: [jsuperd] http_max_connections"), msg);
        assertTrue(msg.contains("jsuperd.ini:3: [jsuperd] request_timeout"), msg);
        assertTrue(msg.contains("between 100ms and 24h"), msg);
        assertTrue(msg.contains("jsuperd.ini:4: [jsuperd] idle_timeout"), msg);
        assertTrue(msg.contains("jsuperd.ini:5: [jsuperd] fd_reserve"), msg);
    }
}
