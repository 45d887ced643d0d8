package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.NativeFixture;
import io.jsuper.jsuperd.os.NativeFixture.Child;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.jsuper.jsuperd.os.NativeFixture.sh;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpollOutputPumpTest {

    private final List<Integer> started = new ArrayList<>();
    private final List<EpollOutputPump> pumps = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        NativeFixture.killAll(started);
        pumps.forEach(EpollOutputPump::close);
    }

    private EpollOutputPump newPump() {
        EpollOutputPump pump = new EpollOutputPump();
        pumps.add(pump);
        pump.start();
        return pump;
    }

    /** Counts bytes instead of keeping them. */
    static class CountingSink implements OutputSink {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void write(ByteBuffer chunk) {
            bytes.addAndGet(chunk.remaining());
            chunk.position(chunk.limit());
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Tasks share one eventfd wake-up while one is pending (a burst of spawns queues several tasks each). A wake
     * written between the pump's clearing of the pending flag and its read of the eventfd was once consumed while
     * the flag stayed set: every later task waited forever (a bring-up of 1000 never opened its last log files).
     */
    @Test
    void tasksQueuedInBurstsFromSeveralThreads_allRun() throws Exception {
        EpollOutputPump pump = newPump();
        AtomicLong ran = new AtomicLong();
        int perThread = 200_000;
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            producers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    pump.execute(ran::incrementAndGet);
                    if (i % 64 == 0) {
                        Thread.yield(); // bursts with gaps, so the pump keeps going to sleep and waking up
                    }
                }
            }));
        }
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get();
        for (int round = 0; round < 300; round++) { // single tasks, each after the pump has drained the last
            long before = ran.get();
            pump.execute(ran::incrementAndGet);
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> ran.get() > before);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ran.get() == 2L * perThread + 300);
    }

    @Test
    void largeOutput_arrivesComplete() throws Exception {
        Child c = NativeFixture.spawn(sh("head -c 5000000 /dev/zero"), started);
        assertEquals(ExitStatus.exited(0), c.awaitExit());
        await().until(() -> c.out.text().length() == 5_000_000);
    }

    @Test
    void chattyChild_doesNotStarveAQuietOne() throws Exception {
        CountingSink counter = new CountingSink();
        Child chatty = NativeFixture.spawn(sh("exec yes"), started, false, NativeFixture.PUMP, counter);
        await().until(() -> counter.bytes.get() > 1_000_000);
        Child quiet = NativeFixture.spawn(sh("echo hello; exec sleep 1000"), started);
        await().atMost(Duration.ofSeconds(5)).until(() -> quiet.out.text().equals("hello\n"));
        assertTrue(NativeFixture.isAlive(chatty.pid()), "the chatty child was still writing");
    }

    @Test
    void throwingSink_doesNotStopThePump() throws Exception {
        EpollOutputPump pump = newPump();
        AtomicLong calls = new AtomicLong();
        OutputSink throwing = new CountingSink() {
            @Override
            public void write(ByteBuffer chunk) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }
        };
        Child a = NativeFixture.spawn(sh("echo one; echo two >&2"), started, false, pump, throwing);
        a.awaitExit();
        await().until(() -> calls.get() > 0 && a.err.text().equals("two\n"));
        pump.attach(-1, throwing); // a bad fd is refused and logged, not fatal
        await().until(() -> pump.attachedCount() == 0);

        Child b = NativeFixture.spawn(sh("echo three"), started, false, pump);
        b.awaitExit();
        await().until(() -> b.out.text().equals("three\n"));
    }

    @Test
    void tasks_runOnPumpThread_andTaskFailuresAreContained() throws Exception {
        EpollOutputPump pump = newPump();
        Child a = NativeFixture.spawn(sh("echo one; echo two >&2"), started, false, pump);
        a.awaitExit();
        await().until(() -> a.out.text().equals("one\n") && a.err.text().equals("two\n"));
        CompletableFuture<String> thread = new CompletableFuture<>();
        pump.execute(() -> {
            throw new IllegalStateException("task failure is logged");
        });
        pump.execute(() -> thread.complete(Thread.currentThread().getName()));
        await().until(thread::isDone);
        assertEquals("jsuperd-output", thread.join());
    }

    @Test
    void eof_detachesAndClosesTheFd() throws Exception {
        EpollOutputPump pump = newPump();
        Child a = NativeFixture.spawn(sh("echo bye"), started, false, pump);
        a.awaitExit();
        await().until(() -> a.out.text().equals("bye\n"));
        await().until(() -> pump.attachedCount() == 0);
    }

    @Test
    void close_drainsWhatWasWritten() throws Exception {
        EpollOutputPump pump = newPump();
        Child a = NativeFixture.spawn(sh("echo last words; exec sleep 1000"), started, false, pump);
        await().until(() -> NativeFixture.comm(a.pid()).equals("sleep"));
        pump.close();
        assertEquals("last words\n", a.out.text());
        NativeFixture.POSIX.killGroup(a.pid(), Signal.KILL);
        assertEquals(ExitStatus.killed(9, false), a.awaitExit());
    }

    @Test
    void close_returnsEvenWhenTheOutputThreadIsStuck() throws Exception {
        EpollOutputPump pump = new EpollOutputPump(500);
        pump.start();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        pump.execute(() -> {
            stuck.countDown();
            try {
                release.await(); // stands for a sink blocked in the kernel
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(stuck.await(10, java.util.concurrent.TimeUnit.SECONDS));
        try {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), pump::close);
        } finally {
            release.countDown();
        }
    }
}
