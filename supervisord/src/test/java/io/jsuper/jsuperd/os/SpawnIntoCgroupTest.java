package io.jsuper.jsuperd.os;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The spawn helper's {@code -c}: the child joins a cgroup v2 before exec, or the spawn fails with the reason. */
class SpawnIntoCgroupTest {
    private final List<Integer> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        NativeFixture.killAll(started);
    }

    @Test
    void aCgroupThatCannotBeJoined_failsTheSpawn_withTheReason(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-cgroup/cgroup.procs");
        NativeFixture.Child c = NativeFixture.spawn(NativeFixture.request(List.of("true")).inCgroup(missing), started);
        c.awaitExit();
        assertEquals("cgroup " + missing + ": No such file or directory", c.execFailure().orElseThrow());
    }

    @Test
    void theChildRunsInTheCgroup_fromItsFirstInstruction() throws Exception {
        Path mount = v2Mount();
        Path cg = mount.resolve("jsuper-unit-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(cg);
        } catch (Exception e) {
            Assumptions.abort("cannot create a cgroup under " + mount + " (" + e + "); needs root and cgroup v2");
        }
        try {
            NativeFixture.Child c = NativeFixture.spawn(NativeFixture.request(List.of("cat", "/proc/self/cgroup"))
                    .inCgroup(cg.resolve("cgroup.procs")), started);
            c.awaitExit();
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> c.out.text().contains("0::/" + mount.relativize(cg)));
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    private static Path v2Mount() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && f[dash + 1].equals("cgroup2") && f[3].equals("/")) {
                return Path.of(f[4]);
            }
        }
        Assumptions.abort("no cgroup v2 hierarchy mounted");
        return null;
    }
}
