package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.CgroupLimits;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The cgroup writing logic against a fake cgroup directory tree (this host's v2 has no controllers). */
class CgroupTreeTest {

    @TempDir
    Path cg;

    private CgroupTree tree(List<String> signals) {
        return new CgroupTree(new CgroupLayout(cg.resolve("jsuper-x"), Optional.empty(), cg), (pid, sig) -> {
            signals.add(sig.name() + " " + pid);
            return true;
        });
    }

    @Test
    void procsFor_createsWatcherAndSlotCgroupsOnce_andWritesTheWatchersLimits() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        CgroupLimits limits = new CgroupLimits(Optional.of(256L << 20), Optional.of(200), Optional.of("50000 100000"),
                Optional.of(64L));
        Path procs = t.procsFor("web", 2, limits);
        assertEquals(cg.resolve("jsuper-x/w.web/2/cgroup.procs"), procs);
        Path w = cg.resolve("jsuper-x/w.web");
        assertEquals("268435456", Files.readString(w.resolve("memory.max")));
        assertEquals("200", Files.readString(w.resolve("cpu.weight")));
        assertEquals("50000 100000", Files.readString(w.resolve("cpu.max")));
        assertEquals("64", Files.readString(w.resolve("pids.max")));

        Files.writeString(w.resolve("memory.max"), "touched");
        t.procsFor("web", 2, limits);
        assertEquals("touched", Files.readString(w.resolve("memory.max")), "same limits: nothing rewritten per spawn");
    }

    @Test
    void limitsDroppedByAReload_goBackToTheDefaults() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        t.procsFor("web", 1, new CgroupLimits(Optional.of(1024L), Optional.of(5), Optional.empty(), Optional.empty()));
        t.procsFor("web", 1, CgroupLimits.NONE);
        Path w = cg.resolve("jsuper-x/w.web");
        assertEquals("max", Files.readString(w.resolve("memory.max")));
        assertEquals("100", Files.readString(w.resolve("cpu.weight")));
        assertFalse(Files.exists(w.resolve("cpu.max")), "never written, not created");
    }

    @Test
    void kill_usesCgroupKill_whereTheKernelHasIt() throws Exception {
        List<String> signals = new ArrayList<>();
        CgroupTree t = tree(signals);
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        Files.writeString(leaf.resolve("cgroup.kill"), "");
        Files.writeString(leaf.resolve("cgroup.procs"), "11\n12\n");
        Files.writeString(leaf.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        t.kill("web", 1);
        assertEquals("1", Files.readString(leaf.resolve("cgroup.kill")));
        assertEquals(List.of(), signals);
    }

    @Test
    void kill_withoutCgroupKill_signalsEachPidUntilEmpty_boundedWhenTheyStay() throws Exception {
        List<String> signals = new ArrayList<>();
        CgroupTree t = tree(signals);
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        Files.writeString(leaf.resolve("cgroup.procs"), "11\n12\n");
        Files.writeString(leaf.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        t.kill("web", 1);
        assertEquals(2 * CgroupTree.KILL_ROUNDS, signals.size(), "bounded");
        assertEquals(Signal.KILL.name() + " 11", signals.get(0));
    }

    @Test
    void kill_ofALeafWithNothingLeft_writesNothing_andTheLeafStaysFresh() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        assertTrue(t.isFresh(leaf), "made by this daemon");
        Files.writeString(leaf.resolve("cgroup.kill"), "");
        Files.writeString(leaf.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        t.kill("web", 1);
        assertEquals("", Files.readString(leaf.resolve("cgroup.kill")));
        assertTrue(t.isFresh(leaf));
    }

    @Test
    void aKilledLeaf_isNotFresh_untilItIsEmptyAndMadeAnew() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        Files.writeString(leaf.resolve("cgroup.kill"), "");
        Files.writeString(leaf.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        t.kill("web", 1);
        assertFalse(t.isFresh(leaf));
        t.procsFor("web", 1, CgroupLimits.NONE);
        assertFalse(t.isFresh(leaf), "cannot be removed while something lives in it");
        try (var files = Files.list(leaf)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        t.procsFor("web", 1, CgroupLimits.NONE);
        assertTrue(t.isFresh(leaf), "empty: removed and made again");
        assertTrue(Files.isDirectory(leaf));
    }

    @Test
    void aLeafLeftByAnEarlierDaemon_isMadeAnew_beforeItIsUsed() throws Exception {
        Path leaf = Files.createDirectories(cg.resolve("jsuper-x/w.web/1"));
        CgroupTree t = tree(new ArrayList<>());
        t.procsFor("web", 1, CgroupLimits.NONE);
        assertTrue(t.isFresh(leaf));
    }

    @Test
    void usage_readsCpuStatAndMemoryCurrent_unknownWithoutThem() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        assertEquals(ResourceUsage.UNKNOWN, t.usage("web", 1));
        Files.writeString(leaf.resolve("cpu.stat"), "usage_usec 1\n");
        assertEquals(ResourceUsage.UNKNOWN, t.usage("web", 1), "reused for a moment");
        t = tree(new ArrayList<>());
        Files.writeString(leaf.resolve("cpu.stat"), "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n");
        assertEquals(new ResourceUsage(123456, -1), t.usage("web", 1), "hybrid host: no memory controller");
        Files.writeString(leaf.resolve("memory.current"), "4096\n");
        assertEquals(new ResourceUsage(123456, -1), tree(new ArrayList<>()).usage("web", 1),
                "not read without the memory controller");
        Files.writeString(cg.resolve("jsuper-x/cgroup.subtree_control"), "cpu memory\n");
        t = tree(new ArrayList<>());
        t.refreshControllers();
        assertEquals(new ResourceUsage(123456, 4096), t.usage("web", 1));
    }

    @Test
    void usage_readsMemoryPeakAndPidsCurrent_absentNotZeroWithoutTheFiles() throws Exception {
        Files.createDirectories(cg.resolve("jsuper-x"));
        Files.writeString(cg.resolve("jsuper-x/cgroup.subtree_control"), "cpu\n");
        CgroupTree t = tree(new ArrayList<>());
        t.refreshControllers();
        Path leaf = t.procsFor("web", 1, CgroupLimits.NONE).getParent();
        Files.writeString(leaf.resolve("cpu.stat"), "usage_usec 10\n");
        Files.writeString(leaf.resolve("memory.peak"), "8192\n");
        Files.writeString(leaf.resolve("pids.current"), "3\n");
        assertEquals(new ResourceUsage(10, -1, -1, -1), t.usage("web", 1),
                "neither controller: their files are not read (this host has no memory controller in v2)");

        Files.writeString(cg.resolve("jsuper-x/cgroup.subtree_control"), "cpu memory pids\n");
        t = tree(new ArrayList<>());
        t.refreshControllers();
        Files.writeString(leaf.resolve("memory.current"), "4096\n");
        assertEquals(new ResourceUsage(10, 4096, 8192, 3), t.usage("web", 1));

        Files.delete(leaf.resolve("memory.peak")); // kernels before 5.19
        Files.delete(leaf.resolve("pids.current"));
        t = tree(new ArrayList<>());
        t.refreshControllers();
        assertEquals(new ResourceUsage(10, 4096, -1, -1), t.usage("web", 1), "a missing file is unknown, not 0");
    }

    @Test
    void withTheMemoryAndPidsControllers_aNewWatcherHandsBothDown() throws Exception {
        Files.createDirectories(cg.resolve("jsuper-x"));
        Files.writeString(cg.resolve("jsuper-x/cgroup.subtree_control"), "cpu pids\n");
        CgroupTree t = tree(new ArrayList<>());
        t.refreshControllers();
        t.procsFor("web", 1, CgroupLimits.NONE);
        assertEquals("+pids", Files.readString(cg.resolve("jsuper-x/w.web/cgroup.subtree_control")));
    }

    @Test
    void withTheMemoryController_aNewWatcherHandsItDownToItsLeaves() throws Exception {
        Files.createDirectories(cg.resolve("jsuper-x"));
        Files.writeString(cg.resolve("jsuper-x/cgroup.subtree_control"), "cpu memory pids\n");
        CgroupTree t = tree(new ArrayList<>());
        t.refreshControllers();
        t.procsFor("web", 1, CgroupLimits.NONE);
        assertEquals("+memory +pids", Files.readString(cg.resolve("jsuper-x/w.web/cgroup.subtree_control")));
    }

    @Test
    void removeBaseIfEmpty_leavesABaseThatHasWatchers() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        t.procsFor("web", 1, CgroupLimits.NONE);
        t.removeBaseIfEmpty();
        assertTrue(Files.isDirectory(cg.resolve("jsuper-x/w.web")));
        CgroupTree empty = new CgroupTree(new CgroupLayout(Files.createDirectories(cg.resolve("jsuper-y")),
                Optional.empty(), cg), (pid, sig) -> true);
        empty.removeBaseIfEmpty();
        assertFalse(Files.exists(cg.resolve("jsuper-y")));
    }

    @Test
    void pids_collectsTheWholeSubtree() throws Exception {
        CgroupTree t = tree(new ArrayList<>());
        Files.writeString(t.procsFor("web", 1, CgroupLimits.NONE), "5\n");
        Files.writeString(t.procsFor("web", 2, CgroupLimits.NONE), "6\n7\n");
        assertEquals(List.of(5, 6, 7), CgroupTree.pids(cg.resolve("jsuper-x/w.web")).stream().sorted().toList());
        assertEquals(java.util.Set.of("web"), t.watcherDirs().keySet());
    }
}
