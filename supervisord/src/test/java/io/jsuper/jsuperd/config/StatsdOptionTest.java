package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** [jsuperd] statsd: off by default, host:port (loopback when only a port), errors with file:line. */
class StatsdOptionTest {
    @TempDir
    Path dir;

    @Test
    void offByDefault_portAloneIsLoopback() throws Exception {
        assertEquals(Optional.empty(), ConfigFiles.load(ConfigFiles.write(dir, "a.ini", "[watcher:w]", "cmd = sleep 1"))
                .daemon().statsd());
        assertEquals(Optional.of(new HttpEndpoint("127.0.0.1", 8125)), ConfigFiles.load(ConfigFiles.write(dir,
                "b.ini", "[jsuperd]", "statsd = 8125", "[watcher:w]", "cmd = sleep 1")).daemon().statsd());
    }

    @Test
    void badAddress_isAnErrorWithLine() {
        ConfigException e = ConfigFiles.failure(ConfigFiles.write(dir, "c.ini", "[jsuperd]", "statsd = 127.0.0.1:99999",
                "[watcher:w]", "cmd = sleep 1"));
        assertTrue(e.getMessage().contains("c.ini:2: [jsuperd] statsd: \"127.0.0.1:99999\" has no valid port"),
                e.getMessage());
    }
}
