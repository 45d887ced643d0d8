package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.containment.Containment;
import io.jsuper.jsuperd.containment.ContainmentException;
import io.jsuper.jsuperd.containment.ResourceUsage;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.SpawnRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The core's one spawn point and one exit point tell the containment, and a containment failure is a spawn failure. */
class ContainmentHooksTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakePosix posix = new FakePosix();
    private final List<String> calls = new ArrayList<>();
    private boolean refuse;

    private final Containment recording = new Containment() {
        @Override
        public SpawnRequest place(WatcherConfig watcher, int wid, SpawnRequest request) {
            if (refuse) {
                throw new ContainmentException("cgroup /cg/w.web/1: Permission denied");
            }
            calls.add("place " + watcher.name() + ":" + wid);
            return request.inCgroup(Path.of("/cg/w." + watcher.name() + "/" + wid + "/cgroup.procs"), true);
        }

        @Override
        public void spawned(WatcherConfig watcher, int wid, int pid) {
            calls.add("spawned " + pid);
        }

        @Override
        public void mainExited(WatcherConfig watcher, int wid, int pid, boolean stopping) {
            calls.add("exited " + pid + (stopping ? " stopping" : " crashed"));
        }

        @Override
        public void watcherRemoved(String watcher) {
            calls.add("removed " + watcher);
        }

        @Override
        public ResourceUsage usage(String watcher, int wid) {
            return new ResourceUsage(7, 8);
        }
    };

    private final ProcessContext ctx = new ProcessContext(posix, new FakePump(), time, time,
            new SpawnPlanner(posix, Map.of(), recording),
            (file, max, backups) -> new DiscardSink(), () -> Path.of("/tmp/logs"),
            new ProcessContext.ProcessListener() {
                @Override
                public void spawned(ProcessSlot slot, int pid) {
                }

                @Override
                public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
                }
            });

    private ProcessSlot slot() {
        TestWatchers config = new TestWatchers();
        config.startsecs = Duration.ZERO;
        return new ProcessSlot(ctx, config.build(), 1);
    }

    @Test
    void spawnIsPlaced_andReported_crashAndStopAreReported_beforeTheCoreMovesOn() {
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        int first = slot.pid();
        assertEquals(List.of("place web:1", "spawned " + first), calls);
        assertEquals(java.util.Optional.of(Path.of("/cg/w.web/1/cgroup.procs")), posix.spawned.get(0).cgroupProcs());

        slot.childExited(ExitStatus.exited(1)); // a crash: restarted at once
        int second = slot.pid();
        assertEquals(List.of("place web:1", "spawned " + first, "exited " + first + " crashed", "place web:1",
                "spawned " + second), calls);

        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(15, false));
        assertEquals("exited " + second + " stopping", calls.get(calls.size() - 1));
        assertEquals(ProcessState.STOPPED, slot.state());
    }

    @Test
    void aSlotThatCannotBeContained_failsToSpawn_withTheReason() {
        refuse = true;
        ProcessSlot slot = slot();
        slot.fire(ProcessEvent.START_REQUESTED);
        assertTrue(posix.spawned.isEmpty(), "nothing spawned outside its cgroup");
        assertEquals("cgroup /cg/w.web/1: Permission denied", slot.info().lastSpawnError());
    }

    @Test
    void withoutContainment_aStoppedProcessesGroupIsStillKilled() {
        ProcessContext plain = new ProcessContext(posix, new FakePump(), time, time,
                new SpawnPlanner(posix, Map.of()), ctx.sinks(), ctx.logdir(), ctx.listener());
        TestWatchers config = new TestWatchers();
        config.startsecs = Duration.ZERO;
        ProcessSlot slot = new ProcessSlot(plain, config.build(), 1);
        slot.fire(ProcessEvent.START_REQUESTED);
        int pid = slot.pid();
        slot.fire(ProcessEvent.STOP_REQUESTED);
        slot.childExited(ExitStatus.killed(15, false));
        assertTrue(posix.kills.stream().anyMatch(k -> k.pid() == pid && k.group() && k.signal() == io.jsuper.jsuperd.os.Signal.KILL),
                posix.kills.toString());
    }
}
