package io.jsuper.jsuperd.containment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrphanSweeperTest {
    private static final int DAEMON = 100;

    @Test
    void matches_sessionAndGroupMembers_andMarkedOrphansOfTheDaemon_startedBeforeTheExit(@TempDir Path dir) {
        FakeProc proc = new FakeProc(dir)
                .add(201, 200, 200, 200, 10)                                         // in the group
                .add(202, 1, 202, 200, 10)                                           // in the session
                .add(203, DAEMON, 203, 203, 10, "JSUPER_WATCHER=web", "JSUPER_WID=1") // escaped, re-parented to us
                .add(204, DAEMON, 204, 204, 10, "JSUPER_WATCHER=web", "JSUPER_WID=2") // another slot's
                .add(205, 1, 205, 205, 10, "JSUPER_WATCHER=web", "JSUPER_WID=1")      // marked but not our child
                .add(206, DAEMON, 200, 200, 500)                                      // started after the exit
                .add(DAEMON, 1, DAEMON, DAEMON, 1);
        OrphanSweeper sweeper = new OrphanSweeper(proc.table(), proc.dyingSignaller(), DAEMON, Runnable::run,
                pid -> false, new BootClock(0));
        try {
            List<ProcStat> found = sweeper.matches(List.of(new OrphanSweeper.Request(200, "web", 1, 100)),
                    proc.table().all());
            assertEquals(List.of(201, 202, 203), found.stream().map(ProcStat::pid).sorted().toList());
        } finally {
            sweeper.close();
        }
    }
}
