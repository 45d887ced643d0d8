package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.*;

/** compress, time_format and the console classes of stdout_stream / stderr_stream: binding and errors. */
class StreamOptionsTest {
    @TempDir
    Path dir;

    @Test
    void compress_bindsPerStream_offByDefault() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "stdout_stream.compress = true"));
        assertTrue(c.watchers().get("web").stdout().compress());
        assertFalse(c.watchers().get("web").stderr().compress());
        String msg = failure(write(dir, "bad.ini", "[watcher:web]", "cmd = run", "stdout_stream.compress = gzip")).getMessage();
        assertTrue(msg.contains("bad.ini:3: [watcher:web] stdout_stream.compress:"), msg);
    }
}
