package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.os.NativeFixture.Child;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static io.jsuper.jsuperd.os.NativeFixture.request;
import static io.jsuper.jsuperd.os.NativeFixture.sh;
import static io.jsuper.jsuperd.os.NativeFixture.spawn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitidChildReaperTest {

    private final List<Integer> started = new ArrayList<>();

    @AfterEach
    void killStarted() {
        NativeFixture.killAll(started);
    }

    @Test
    void exitedChild_staysZombieUntilReaped() throws Exception {
        Child c = spawn(request(List.of("sleep", "1000")), started, true);
        await().until(() -> NativeFixture.comm(c.pid()).equals("sleep"));
        POSIX.kill(c.pid(), Signal.TERM);
        assertEquals(ExitStatus.killed(15, false), c.awaitExit());
        assertTrue(NativeFixture.isZombie(c.pid()), "pid must stay reserved until reap");
        assertTrue(POSIX.killGroup(c.pid(), Signal.CONT), "the group id is still taken by the zombie");

        NativeFixture.reapManually(c.pid());
        started.remove(Integer.valueOf(c.pid()));
        await().until(() -> NativeFixture.stat(c.pid()).isEmpty());
    }

    @Test
    void nextExit_isReportedOnlyAfterReap() throws Exception {
        Child first = spawn(request(List.of("sleep", "1000")), started, true);
        await().until(() -> NativeFixture.comm(first.pid()).equals("sleep"));
        POSIX.kill(first.pid(), Signal.KILL);
        assertEquals(ExitStatus.killed(9, false), first.awaitExit());

        Child second = spawn(sh("exit 5"), started);
        await().until(() -> NativeFixture.isZombie(second.pid()));
        assertFalse(second.exit.isDone(), "the reaper waits for reap(first) before reporting more");

        NativeFixture.reapManually(first.pid());
        started.remove(Integer.valueOf(first.pid()));
        assertEquals(ExitStatus.exited(5), second.awaitExit());
    }

    @Test
    void burstOf200QuickChildren_allReported() throws Exception {
        List<CompletableFuture<ExitStatus>> exits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            exits.add(spawn(sh("exit " + (i % 100)), started).exit);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> exits.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < 200; i++) {
            assertEquals(ExitStatus.exited(i % 100), exits.get(i).join());
        }
    }

    @Test
    void thousandSleepers_spawnAndDie() throws Exception {
        int n = 1000;
        List<Child> children = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            children.add(spawn(request(List.of("sleep", "1000")), started));
        }
        long spawnMillis = (System.nanoTime() - t0) / 1_000_000;
        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().allMatch(c -> NativeFixture.comm(c.pid()).equals("sleep")));
        String self = NativeFixture.procStatus((int) ProcessHandle.current().pid());
        String threads = self.lines().filter(l -> l.startsWith("Threads:")).findFirst().orElse("?");
        long t1 = System.nanoTime();
        for (Child c : children) {
            POSIX.killGroup(c.pid(), Signal.TERM);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().allMatch(c -> c.exit.isDone()));
        long reapMillis = (System.nanoTime() - t1) / 1_000_000;
        children.forEach(c -> assertEquals(ExitStatus.killed(15, false), c.exit.join()));
        System.out.printf("[measure] spawned %d sleep children in %d ms; TERM to all exits reported in %d ms; JVM %s with all alive%n",
                n, spawnMillis, reapMillis, threads.replace('\t', ' '));
    }
}
