package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.config.CgroupLimits;
import io.jsuper.jsuperd.containment.CgroupLayout;
import io.jsuper.jsuperd.containment.CgroupTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A child starts inside its cgroup v2: created there by clone3 (a fresh cgroup, the native library) or
 * moved there by the spawn helper's {@code -c} before exec; or the spawn fails with the reason.
 */
class SpawnIntoCgroupTest {
    private final List<Integer> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        NativeFixture.killAll(started);
    }

    @ParameterizedTest(name = "fresh = {0}, sharing the descriptor table = {1}")
    @CsvSource({"false, true", "true, true", "false, false", "true, false"})
    void aCgroupThatCannotBeJoined_failsTheSpawn_withTheReason(boolean fresh, boolean sharing, @TempDir Path dir)
            throws Exception {
        Path missing = dir.resolve("no-such-cgroup/cgroup.procs");
        NativeFixture.Child c = spawn(sharing, NativeFixture.request(List.of("true")).inCgroup(missing, fresh));
        c.awaitExit();
        assertEquals("cgroup " + missing + ": No such file or directory", c.execFailure().orElseThrow());
    }

    @ParameterizedTest(name = "fresh = {0}, sharing the descriptor table = {1}")
    @CsvSource({"false, true", "true, true", "false, false", "true, false"})
    void theChildRunsInTheCgroup_fromItsFirstInstruction(boolean fresh, boolean sharing) throws Exception {
        Path mount = v2Mount();
        Path cg = mount.resolve("jsuper-unit-" + ProcessHandle.current().pid() + "-" + fresh + "-" + sharing);
        try {
            Files.createDirectory(cg);
        } catch (Exception e) {
            Assumptions.abort("cannot create a cgroup under " + mount + " (" + e + "); needs root and cgroup v2");
        }
        try {
            NativeFixture.Child c = spawn(sharing, NativeFixture.request(List.of("cat", "/proc/self/cgroup"))
                    .inCgroup(cg.resolve("cgroup.procs"), fresh));
            c.awaitExit();
            await().atMost(Duration.ofSeconds(10)).until(() -> c.out.text().contains("0::/" + mount.relativize(cg)));
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    /**
     * Regression: on this kernel a child created by clone3 in a cgroup that once got cgroup.kill is
     * SIGKILLed at birth, so every respawn after a crash that left a grandchild died at once.
     */
    @Test
    void afterItsLeafWasKilled_theNextChildStillRuns() throws Exception {
        Path mount = v2Mount();
        Path base = mount.resolve("jsuper-unit-kill-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(base);
        } catch (Exception e) {
            Assumptions.abort("cannot create a cgroup under " + mount + " (" + e + "); needs root and cgroup v2");
        }
        CgroupTree tree = new CgroupTree(new CgroupLayout(base, Optional.empty(), mount), POSIX::kill);
        try {
            NativeFixture.Child first = spawnIn(tree, List.of("sh", "-c", "sleep 100 & echo forked; exec sleep 100"));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.out.text().contains("forked"));
            assertTrue(POSIX.kill(first.pid(), Signal.KILL));
            tree.kill("w", 1); // the grandchild is left: cgroup.kill
            assertFalse(tree.isFresh(tree.leaf("w", 1)));
            first.awaitExit();
            await().atMost(Duration.ofSeconds(10)).until(() -> !hasProcesses(tree.leaf("w", 1)));
            NativeFixture.Child second = spawnIn(tree, List.of("sh", "-c", "echo alive; exec sleep 100"));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.out.text().contains("alive"));
            assertFalse(second.exit.isDone(), "not killed at birth: " + second.exit.getNow(null));
            assertTrue(POSIX.kill(second.pid(), Signal.KILL));
            second.awaitExit();
        } finally {
            NativeFixture.killAll(started);
            await().atMost(Duration.ofSeconds(10)).until(() -> CgroupTree.pids(base).isEmpty());
            tree.removeAll();
            Files.deleteIfExists(base);
        }
    }

    private NativeFixture.Child spawn(boolean sharing, SpawnRequest request) throws Exception {
        return NativeFixture.spawnWith(sharing ? POSIX : NativeFixture.COPYING_POSIX, request, started, false,
                NativeFixture.PUMP, null);
    }

    private NativeFixture.Child spawnIn(CgroupTree tree, List<String> argv) throws Exception {
        Path procs = tree.procsFor("w", 1, CgroupLimits.NONE);
        return NativeFixture.spawn(NativeFixture.request(argv).inCgroup(procs, tree.isFresh(procs.getParent())),
                started);
    }

    private static boolean hasProcesses(Path cgroup) throws Exception {
        return !Files.readString(cgroup.resolve("cgroup.procs")).isBlank();
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
