package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Spawn failures carry the OS reason; a chatty child does not stall the daemon or other watchers. */
class SpawnAndIsolationE2ETest extends DaemonE2ETest {

    @Test
    void notExecutable_andMissingWorkingDir_areSpawnErrorsWithTheReason() throws Exception {
        Path script = tmp.resolve("app.sh");
        Files.writeString(script, "#!/bin/sh\nsleep 1000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        jsuperd = new DaemonHarness(tmp, """
                [watcher:noexec]
                cmd = %s
                max_retry = 0

                [watcher:nodir]
                cmd = sleep 1000
                working_dir = %s
                max_retry = 0
                """.formatted(script, tmp.resolve("missing"))).start();
        jsuperd.awaitState("noexec", 1, "FATAL");
        jsuperd.awaitState("nodir", 1, "FATAL");
        assertEquals("cmd " + script + ": Permission denied (not an executable file)",
                jsuperd.process("noexec", 1).get("last_spawn_error").asText());
        assertEquals("working_dir " + tmp.resolve("missing") + ": No such directory",
                jsuperd.process("nodir", 1).get("last_spawn_error").asText());
        assertTrue(jsuperd.process("nodir", 1).get("reason").asText().contains("could not start: 1 start failed in a row; last: spawn failed: working_dir"));
    }

    @Test
    void aChattyChild_doesNotStallTheApiOrAnotherWatchersOutput() throws Exception {
        jsuperd = new DaemonHarness(tmp, """
                [watcher:flood]
                cmd = yes 0123456789012345678901234567890123456789012345678901234567890123456789
                startsecs = 0
                stdout_stream.max_bytes = 4MB
                stdout_stream.backup_count = 1

                [watcher:ticker]
                cmd = /bin/sh
                args = -c "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.02; done"
                startsecs = 0
                """).start();
        jsuperd.awaitState("flood", 1, "RUNNING");
        Path floodOut = jsuperd.logdir.resolve("flood-1.stdout.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(floodOut + ".1")));
        Path tickOut = jsuperd.logdir.resolve("ticker-1.stdout.log");
        // While the flood goes on, the ticker's lines keep arriving and the API keeps answering.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            jsuperd.services();
            return DaemonHarness.read(tickOut).contains("tick 50\n");
        });
        assertEquals("RUNNING", jsuperd.state("flood", 1));
        // A rotation unlinks the oldest backup before it renames the current file into its place (as
        // supervisord), so for a moment there may be no backup, or no current file: look again then.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertTrue(Files.size(Path.of(floodOut + ".1")) <= 4 * 1024 * 1024, "rotated at max_bytes"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> names = Set.copyOf(DaemonHarness.list(jsuperd.logdir).stream()
                    .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("flood-1.stdout")).toList());
            assertTrue(names.contains("flood-1.stdout.log.1"), names.toString());
            assertTrue(Set.of("flood-1.stdout.log", "flood-1.stdout.log.1").containsAll(names),
                    "backup_count = 1 keeps one backup: " + names);
        });
    }
}
