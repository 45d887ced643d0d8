package io.jsuper.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * No descriptor of the daemon reaches a child, with 60+ processes running (each holding pipes and log
 * files in the daemon), on both spawn paths: sharing the daemon's descriptor table through its reserved
 * window (the default) and copying it ({@code -Djsuper.spawn.sharedFdTable=false}), in both containment
 * modes; a [socket:] arrives at fd 3 (docs/lifecycle.md, "How a process is started").
 */
class ChildDescriptorsE2ETest extends DaemonE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "containment = {0}, sharing the descriptor table = {1}")
    @CsvSource({"cgroup, true", "cgroup, false", "process-group, true", "process-group, false"})
    void everyChild_hasOnlyStdioAndItsSockets_amongSixtyProcesses(String mode, boolean sharing) throws Exception {
        ContainmentE2ETest.assumeMode(mode);
        String watchers = """
                [socket:web]
                host = 127.0.0.1
                port = %d

                [watcher:crowd]
                cmd = sleep 1000
                numprocesses = 60
                startsecs = 0

                [watcher:web]
                cmd = sleep 1001
                use_sockets = true
                startsecs = 0

                [watcher:merged]
                cmd = sleep 1002
                redirect_stderr = true
                startsecs = 0
                """.formatted(DaemonHarness.freePort());
        jsuperd = new DaemonHarness(tmp, "containment = " + mode + "\n", watchers);
        if (!sharing) {
            jsuperd.environment.put("JSUPERD_JAVA_OPTS", "-Djsuper.spawn.sharedFdTable=false");
        }
        jsuperd.start();
        jsuperd.awaitAll("crowd", "RUNNING");
        jsuperd.awaitState("web", 1, "RUNNING");
        jsuperd.awaitState("merged", 1, "RUNNING");
        assertEquals(sharing, jsuperd.daemonLogText().contains("spawns share the descriptor table"),
                "the spawn path under test");

        assertStdioOnly(jsuperd.pidOf("crowd", 60), false);
        assertStdioOnly(jsuperd.pidOf("merged", 1), true);
        Map<Integer, String> web = descriptorsOfProgram(jsuperd.pidOf("web", 1));
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(web.keySet()), web.toString());
        assertTrue(web.get(3).startsWith("socket:"), web.toString());
        assertTrue(descriptorsOf(jsuperd.pid()).containsValue(web.get(3)), "fd 3 is the daemon's listening socket");

        long before = jsuperd.pidOf("crowd", 30); // a respawn among the others takes the same path
        Processes.kill(before, "KILL");
        await().atMost(WAIT).until(() -> {
            long now = jsuperd.pidOf("crowd", 30);
            return now > 0 && now != before && jsuperd.state("crowd", 30).equals("RUNNING");
        });
        assertStdioOnly(jsuperd.pidOf("crowd", 30), false);
    }

    private static void assertStdioOnly(long pid, boolean merged) throws IOException {
        Map<Integer, String> fds = descriptorsOfProgram(pid);
        assertEquals(List.of(0, 1, 2), List.copyOf(fds.keySet()), fds.toString());
        assertEquals("/dev/null", fds.get(0));
        assertTrue(fds.get(1).startsWith("pipe:") && fds.get(2).startsWith("pipe:"), fds.toString());
        assertEquals(merged, fds.get(1).equals(fds.get(2)), fds.toString());
    }

    /** The descriptors of {@code pid} once it runs its program (not the spawn helper, which holds its status pipe). */
    private static Map<Integer, String> descriptorsOfProgram(long pid) throws IOException {
        await().atMost(WAIT).until(() -> Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("sleep"));
        return descriptorsOf(pid);
    }

    private static Map<Integer, String> descriptorsOf(long pid) throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (java.nio.file.NoSuchFileException e) {
                    // closed between the listing and the read (the daemon's own threads open and close files)
                }
            }
        }
        return fds;
    }
}
