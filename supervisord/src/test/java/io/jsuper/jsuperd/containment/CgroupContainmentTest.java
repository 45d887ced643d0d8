package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.CgroupLimits;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** kill_mode decides whether a crash clears the slot's cgroup; a stop always does. On a fake cgroup tree. */
class CgroupContainmentTest {

    @TempDir
    Path dir;

    private static WatcherConfig watcher(KillMode mode) {
        WatcherConfig base = new WatcherConfig("web", "sleep 1", "", false, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), false, 1, 0, true, io.jsuper.jsuperd.config.AutoRestart.TRUE, 5,
                Duration.ZERO, Duration.ofSeconds(30), io.jsuper.jsuperd.os.Signal.TERM, false, false, null, null,
                false, Duration.ofSeconds(1), Set.of(0), Map.of(), Optional.empty(),
                io.jsuper.jsuperd.config.BackoffSettings.defaults());
        return new WatcherConfig(base.name(), base.cmd(), base.args(), base.shell(), base.workingDir(), base.uid(),
                base.gid(), base.env(), base.copyEnv(), base.numprocesses(), base.priority(), base.autostart(),
                base.autorestart(), base.maxRetry(), base.warmupDelay(), base.gracefulTimeout(), base.stopSignal(),
                base.stopChildren(), base.sendHup(), base.stdout(), base.stderr(), base.redirectStderr(),
                base.startsecs(), base.exitcodes(), base.rlimits(), base.umask(), base.backoff(), mode, CgroupLimits.NONE);
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
