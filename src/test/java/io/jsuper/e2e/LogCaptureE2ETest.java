package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** How output is captured: gzipped backups, per-line timestamps, console output for containers. */
class LogCaptureE2ETest extends DaemonE2ETest {

    @Test
    void compress_gzipsEveryBackup_intactAndWithNoLineLost() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:burst]
                cmd = /bin/sh
                args = -c "seq 1 60000; echo done-counting; exec sleep 1000"
                startsecs = 0
                stdout_stream.max_bytes = 16KB
                stdout_stream.backup_count = 100
                stdout_stream.compress = true

                """).start();
        Path current = jsuperd.logdir.resolve("burst-1.stdout.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(current)
                && DaemonHarness.read(current).contains("done-counting"));
        // The worker gzips behind the writer: wait until no plain backup is left.
        await().atMost(Duration.ofSeconds(60)).until(() -> backups(".gz").size() > 10 && backups("").isEmpty());
        List<String> lines = new ArrayList<>();
        List<Path> gz = backups(".gz");
        for (int n = gz.size(); n >= 1; n--) {
            Path file = jsuperd.logdir.resolve("burst-1.stdout.log." + n + ".gz");
            Ctl test = DaemonHarness.run(List.of("gzip", "-t", file.toString()), null, Map.of());
            assertEquals(0, test.exit(), "gzip -t " + file + ": " + test);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        lines.addAll(DaemonHarness.read(current).lines().toList());
        int first = Integer.parseInt(lines.get(0));
        assertEquals(1, first, "nothing pruned: 100 backups hold all of it");
        for (int i = 0; i < lines.size() - 1; i++) {
            assertEquals(Integer.toString(first + i), lines.get(i), "no line lost or reordered at line " + i);
        }
        assertEquals("done-counting", lines.get(lines.size() - 1));
        assertTrue(DaemonHarness.list(jsuperd.logdir).stream().noneMatch(p -> p.getFileName().toString().contains("tmp")),
                "no temp file left: " + DaemonHarness.list(jsuperd.logdir));
    }

    private List<Path> backups(String suffix) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int n = 1; n <= 100; n++) {
            Path p = jsuperd.logdir.resolve("burst-1.stdout.log." + n + suffix);
            if (Files.exists(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
