package io.jsuper.jsuperd.os.jna;

import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.NativeFixture;
import io.jsuper.jsuperd.os.NativeFixture.Child;
import io.jsuper.jsuperd.os.SpawnRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.jsuper.jsuperd.os.NativeFixture.COPYING_POSIX;
import static io.jsuper.jsuperd.os.NativeFixture.POSIX;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A child gets exactly its own descriptors whether the spawn shares the daemon's descriptor table (the
 * reserved window, {@link SharedTableClone}) or copies it (the fallback), however many the daemon holds and
 * whatever other threads open meanwhile; the window never keeps a child's pipe open.
 */
class SharedDescriptorTableTest {
    private static final LibC C = LibC.INSTANCE;
    private final List<Integer> started = new ArrayList<>();
    private final List<Integer> opened = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        NativeFixture.killAll(started);
        opened.forEach(C::close);
    }

    @Test
    void thisKernelSharesTheTable_soTheTestsBelowCoverThatPath() {
        assertTrue(POSIX.sharesDescriptorTable(), "libjsuper-clone.so loaded, window reserved, Linux 5.9+");
        assertEquals(SharedTableClone.SLOTS, POSIX.reservedSlots().length);
        assertFalse(COPYING_POSIX.sharesDescriptorTable());
    }

    @ParameterizedTest(name = "sharing the table = {0}")
    @ValueSource(booleans = {true, false})
    void aChild_hasOnlyStdioAndItsSocket_whileTheDaemonHoldsThousandsOfDescriptors(boolean sharing) throws Exception {
        for (int i = 0; i < 1000; i++) { // half of them without close-on-exec: the helper must close those too
            pipe(i % 2 == 0 ? LibC.O_CLOEXEC : 0);
        }
        int[] listen = pipe(LibC.O_CLOEXEC);
        SpawnRequest r = new SpawnRequest(List.of("sleep", "1000"), Map.of("PATH", "/usr/bin:/bin", "LISTEN_PID",
                "0000000000"), null, Optional.empty(), Optional.empty(), Map.of(), false).withListenFds(List.of(listen[0]));
        Child c = spawn(sharing, r);
        await().atMost(Duration.ofSeconds(20)).until(() -> NativeFixture.comm(c.pid()).equals("sleep"));
        Map<Integer, String> fds = descriptors(c.pid());
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(fds.keySet()), fds.toString());
        assertEquals("/dev/null", fds.get(0));
        assertTrue(fds.get(1).startsWith("pipe:") && fds.get(2).startsWith("pipe:") && !fds.get(1).equals(fds.get(2)),
                fds.toString());
        assertEquals(link(Path.of("/proc/self/fd/" + listen[0])), fds.get(3), "the socket at fd 3");
        assertEquals(sharing, (sharing ? POSIX : COPYING_POSIX).sharesDescriptorTable(), "the path was not turned off");
    }

    /** A pipe end left in the window would keep a child's stdout open in the daemon: no EOF when it exits. */
    @Test
    void afterSpawnsThatRanAndThatFailed_everySlotHoldsDevNullAgain() throws Exception {
        Child ran = spawn(true, NativeFixture.sh("echo out; echo err >&2"));
        Child missing = spawn(true, NativeFixture.request(List.of("/no/such/program")));
        Child badCgroup = spawn(true, NativeFixture.request(List.of("true"))
                .inCgroup(Path.of("/no/such/cgroup/cgroup.procs"), true));
        assertEquals(ExitStatus.exited(0), ran.awaitExit());
        assertEquals(ExitStatus.exited(127), missing.awaitExit());
        assertEquals(ExitStatus.exited(127), badCgroup.awaitExit());
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.out.text().equals("out\n") && ran.err.text().equals("err\n"));
        for (int slot : POSIX.reservedSlots()) {
            assertEquals("/dev/null", link(Path.of("/proc/self/fd/" + slot)), "slot " + slot);
        }
        assertTrue(POSIX.sharesDescriptorTable());
    }

    /** The window's numbers are never free, so no other thread can be given one while a spawn uses it. */
    @Test
    void spawnsWhileOtherThreadsOpenAndClose_leaveEveryonesDescriptorsIntact() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        List<Thread> churn = Stream.generate(() -> new Thread(() -> churnPipes(running, rounds, broken)))
                .limit(2).toList();
        churn.forEach(Thread::start);
        try {
            List<Child> children = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                children.add(spawn(true, NativeFixture.sh("ls /proc/$$/fd")));
            }
            for (Child c : children) {
                assertEquals(ExitStatus.exited(0), c.awaitExit());
                await().atMost(Duration.ofSeconds(10)).until(() -> c.out.text().equals("0\n1\n2\n"));
            }
        } finally {
            running.set(false);
            for (Thread t : churn) {
                t.join(10_000);
            }
        }
        assertNull(broken.get());
        assertTrue(rounds.get() > 0);
    }

    /** Opens a pipe, sends a byte through it and closes it, until told to stop; records the first failure. */
    private static void churnPipes(AtomicBoolean running, AtomicInteger rounds, AtomicReference<String> broken) {
        try (com.sun.jna.Memory buf = new com.sun.jna.Memory(1)) {
            for (int i = 0; running.get() && i < 1_000_000; i++) {
                int[] p = new int[2];
                if (C.pipe2(p, LibC.O_CLOEXEC) != 0) {
                    broken.compareAndSet(null, "pipe2: " + LibC.describe(LibC.errno()));
                    return;
                }
                buf.setByte(0, (byte) i);
                boolean through = C.write(p[1], buf, 1) == 1 && C.read(p[0], buf, 1) == 1 && buf.getByte(0) == (byte) i;
                C.close(p[0]);
                C.close(p[1]);
                if (!through) {
                    broken.compareAndSet(null, "a byte did not go through pipe " + p[0] + "/" + p[1]);
                    return;
                }
                rounds.incrementAndGet();
            }
        }
    }

    private Child spawn(boolean sharing, SpawnRequest request) throws Exception {
        return NativeFixture.spawnWith(sharing ? POSIX : COPYING_POSIX, request, started, false, NativeFixture.PUMP,
                null);
    }

    private int[] pipe(int flags) {
        int[] p = new int[2];
        assertEquals(0, C.pipe2(p, flags));
        opened.add(p[0]);
        opened.add(p[1]);
        return p;
    }

    private static Map<Integer, String> descriptors(int pid) throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : list.toList()) {
                fds.put(Integer.parseInt(fd.getFileName().toString()), link(fd));
            }
        }
        return fds;
    }

    private static String link(Path fd) throws IOException {
        return Files.readSymbolicLink(fd).toString();
    }
}
