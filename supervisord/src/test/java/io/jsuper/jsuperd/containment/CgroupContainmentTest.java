package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.ConfigLoader;
import io.jsuper.jsuperd.config.KillMode;
import io.jsuper.jsuperd.config.WatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** kill_mode decides whether a crash clears the slot's cgroup; a stop always does. On a fake cgroup tree. */
class CgroupContainmentTest {

    @TempDir
    Path dir;

    private WatcherConfig watcher(KillMode mode) throws Exception {
        Path ini = dir.resolve("j.ini");
        Files.writeString(ini, "[watcher:web]\ncmd = sleep 1\nkill_mode = " + mode.configName() + "\n");
        return ConfigLoader.load(ini, Map.of()).watchers().get("web");
    }

    private Path killFileAfter(KillMode mode, boolean stopping) throws Exception {
        CgroupTree tree = new CgroupTree(new CgroupLayout(dir.resolve("jsuper-x"), Optional.empty(), dir),
                (pid, sig) -> true);
        try (Ledger ledger = new Ledger(dir.resolve("l.procs"), new ProcTable(dir.resolve("proc")), 1, Duration.ofMillis(10))) {
            CgroupContainment c = new CgroupContainment(tree, ledger);
            WatcherConfig w = watcher(mode);
            assertEquals(Optional.of(dir.resolve("jsuper-x/w.web/1/cgroup.procs")),
                    c.place(w, 1, new io.jsuper.jsuperd.os.SpawnRequest(java.util.List.of("sleep"), Map.of(), dir,
                            Optional.empty(), Optional.empty(), Map.of(), false)).cgroupProcs());
            Path kill = dir.resolve("jsuper-x/w.web/1/cgroup.kill");
            Files.writeString(kill, "");
            Files.writeString(kill.resolveSibling("cgroup.events"), "populated 1\n"); // something was left
            c.spawned(w, 1, 4242);
            c.mainExited(w, 1, 4242, stopping);
            return kill;
        }
    }

    @Test
    void crash_withControlGroup_killsTheSlotsCgroup() throws Exception {
        assertEquals("1", Files.readString(killFileAfter(KillMode.CONTROL_GROUP, false)));
    }

    @Test
    void crash_withKillModeProcess_leavesIt() throws Exception {
        assertEquals("", Files.readString(killFileAfter(KillMode.PROCESS, false)));
    }

    @Test
    void stop_alwaysKills() throws Exception {
        assertEquals("1", Files.readString(killFileAfter(KillMode.PROCESS, true)));
    }
}
