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

    @Test
    void timeFormat_isCheckedAtLoad() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run",
                "stdout_stream.time_format = %Y-%m-%d %H:%M:%S"));
        assertEquals("%Y-%m-%d %H:%M:%S", c.watchers().get("web").stdout().timeFormat());
        String msg = failure(write(dir, "bad.ini", "[watcher:web]", "cmd = run", "stderr_stream.time_format = %Y %Q"))
                .getMessage();
        assertTrue(msg.contains("bad.ini:3: [watcher:web] stderr_stream.time_format: \"%Y %Q\" has %Q"), msg);
    }

    @Test
    void consoleClasses_andTheirTranslations() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:web]", "cmd = run", "stdout_stream.class = console",
                "stderr_stream.class = console", "[watcher:api]", "cmd = run", "stdout_stream.class = stderr",
                "stderr_stream.class = StdoutStream"));
        assertEquals(StreamConfig.Console.STDOUT, c.watchers().get("web").stdout().console());
        assertEquals(StreamConfig.Console.STDERR, c.watchers().get("web").stderr().console());
        assertEquals(StreamConfig.Console.STDERR, c.watchers().get("api").stdout().console());
        assertEquals(StreamConfig.Console.STDOUT, c.watchers().get("api").stderr().console());
        String msg = failure(write(dir, "bad.ini", "[jsuperd]", "[watcher:web]", "cmd = run", "stdout_stream.class = SyslogStream",
                "stderr_stream.class = console", "stderr_stream.filename = x.log")).getMessage();
        assertTrue(msg.contains("bad.ini:4: [watcher:web] stdout_stream.class: \"SyslogStream\" is not a stream class"), msg);
        assertTrue(msg.contains("bad.ini:6: [watcher:web] stderr_stream.filename: a file for a stream that goes to"), msg);
        JsuperConfig circus = load(write(dir, "circus.ini", "[circus]", "[watcher:w]", "cmd = run",
                "stdout_stream.class = circus.stream.StdoutStream"));
        assertEquals(StreamConfig.Console.STDOUT, circus.watchers().get("w").stdout().console());
        JsuperConfig sup = load(write(dir, "s.conf", "[supervisord]", "[program:p]", "command = run",
                "stdout_logfile = /dev/stdout", "stderr_logfile = /dev/fd/2"));
        assertEquals(StreamConfig.Console.STDOUT, sup.watchers().get("p").stdout().console());
        assertEquals(StreamConfig.Console.STDERR, sup.watchers().get("p").stderr().console());
    }
}
