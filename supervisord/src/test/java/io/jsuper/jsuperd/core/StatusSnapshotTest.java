package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading a status snapshot: the cgroup usage of running processes is read only when asked for. */
class StatusSnapshotTest {

    /** Regression: the periodic log-drop check read a cpu.stat per process (0.5 % idle CPU with 1000 children). */
    @Test
    void infosWithoutUsage_readNoUsage_whilePlainInfosReadItPerRunningProcess() {
        AtomicInteger reads = new AtomicInteger();
        StatusSnapshot.UsageSource counting = (watcher, wid) -> {
            reads.incrementAndGet();
            return new ResourceUsage(1000, -1);
        };
        ProcessInfo running = new ProcessInfo("web", 1, ProcessState.RUNNING, 4242, 0, 1, 0, null, null, null);
        ProcessInfo stopped = new ProcessInfo("web", 2, ProcessState.STOPPED, 0, 0, 0, 0, null, null, null);
        StatusSnapshot snapshot = new StatusSnapshot(1, Map.of("web", List.of(
                new StatusSnapshot.SlotView(running, 0), new StatusSnapshot.SlotView(stopped, -1))),
                Clock.SYSTEM, counting);

        assertEquals(2, snapshot.infos(Supervisor.ALL, StatusSnapshot.NO_USAGE).size());
        assertEquals(0, reads.get());
        snapshot.infos(Supervisor.ALL);
        assertEquals(1, reads.get(), "one read, for the running process");
    }
}
