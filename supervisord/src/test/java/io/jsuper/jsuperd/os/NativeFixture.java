package io.jsuper.jsuperd.os;

import io.jsuper.jsuperd.logs.EpollOutputPump;
import io.jsuper.jsuperd.logs.OutputPump;
import io.jsuper.jsuperd.logs.OutputSink;
import io.jsuper.jsuperd.os.jna.JnaPosix;
import io.jsuper.jsuperd.os.jna.WaitidChildReaper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * One real posix + reaper + output pump for the whole test JVM (two live waitid(P_ALL) reapers would
 * steal each other's children). Tests spawn through it and kill what they started by process group.
 */
public final class NativeFixture {

    public static final JnaPosix POSIX = new JnaPosix(java.nio.file.Path.of(System.getProperty("jsuper.spawnHelper")));
    /** The fallback path: every spawn copies the descriptor table (clone3 into a cgroup, else posix_spawn). */
    public static final JnaPosix COPYING_POSIX = new JnaPosix(Path.of(System.getProperty("jsuper.spawnHelper")), false);
    public static final WaitidChildReaper REAPER = new WaitidChildReaper();
    public static final EpollOutputPump PUMP = new EpollOutputPump();
    public static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C");

    private static final Map<Integer, CompletableFuture<ExitStatus>> EXITS = new ConcurrentHashMap<>();
    /** pids whose owner (a test) reaps by itself instead of the fixture reaping at once. */
    private static final Map<Integer, Boolean> MANUAL_REAP = new ConcurrentHashMap<>();
    /** Our children whose pid is still reserved (alive or zombie): only these may be signalled by killAll. */
    private static final java.util.Set<Integer> UNREAPED = ConcurrentHashMap.newKeySet();
    /** Exec status fds not yet read, by pid: closed by killAll. */
    private static final Map<Integer, Integer> STATUS_FDS = new ConcurrentHashMap<>();

    static {
        REAPER.start((pid, status) -> {
            EXITS.computeIfAbsent(pid, p -> new CompletableFuture<>()).complete(status);
            if (!MANUAL_REAP.containsKey(pid)) {
                synchronized (UNREAPED) {
                    UNREAPED.remove(pid);
                    REAPER.reap(pid);
                }
            }
        });
        PUMP.start();
    }

    private NativeFixture() {
    }

    /** A spawned child with its captured output. */
    public static final class Child {
        public final SpawnedChild spawned;
        public final Capture out = new Capture();
        public final Capture err = new Capture();
        public final CompletableFuture<ExitStatus> exit;

        Child(SpawnedChild spawned, CompletableFuture<ExitStatus> exit) {
            this.spawned = spawned;
            this.exit = exit;
        }

        public int pid() {
            return spawned.pid();
        }

        /** readExecFailure, once; call after the exit was seen. */
        public Optional<String> execFailure() {
            Integer fd = STATUS_FDS.remove(spawned.pid());
            return fd == null ? Optional.empty() : POSIX.readExecFailure(fd);
        }

        public ExitStatus awaitExit() {
            await().atMost(Duration.ofSeconds(20)).until(exit::isDone);
            return exit.join();
        }
    }

    /** An in-memory sink that also records EOF-free progress; thread-safe reads. */
    public static final class Capture implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            bytes.write(b, 0, b.length);
        }

        public synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    }

    public static SpawnRequest request(List<String> argv) {
        return new SpawnRequest(argv, ENV, null, Optional.empty(), Optional.empty(), Map.of(), false);
    }

    public static SpawnRequest sh(String script) {
        return request(List.of("/bin/sh", "-c", script));
    }

    public static Child spawn(SpawnRequest request, List<Integer> started) throws SpawnException {
        return spawn(request, started, false);
    }

    /** Spawns and wires output to captures; {@code manualReap}: the test calls REAPER.reap itself. */
    public static Child spawn(SpawnRequest request, List<Integer> started, boolean manualReap) throws SpawnException {
        return spawn(request, started, manualReap, PUMP);
    }

    /** As above, reading the output with {@code pump}. */
    public static Child spawn(SpawnRequest request, List<Integer> started, boolean manualReap, OutputPump pump)
            throws SpawnException {
        return spawn(request, started, manualReap, pump, null);
    }

    /** As above; stdout goes to {@code stdoutSink} instead of {@link Child#out} when it is not null. */
    public static Child spawn(SpawnRequest request, List<Integer> started, boolean manualReap, OutputPump pump,
                              OutputSink stdoutSink) throws SpawnException {
        return spawnWith(POSIX, request, started, manualReap, pump, stdoutSink);
    }

    /** As above, through {@code posix} ({@link #POSIX} or {@link #COPYING_POSIX}). */
    public static Child spawnWith(JnaPosix posix, SpawnRequest request, List<Integer> started, boolean manualReap,
                                  OutputPump pump, OutputSink stdoutSink) throws SpawnException {
        SpawnedChild s;
        synchronized (UNREAPED) { // the listener cannot reap before the pid is recorded
            s = posix.spawn(request);
            UNREAPED.add(s.pid());
        }
        started.add(s.pid());
        STATUS_FDS.put(s.pid(), s.statusFd());
        if (manualReap) {
            MANUAL_REAP.put(s.pid(), true);
        }
        Child child = new Child(s, EXITS.computeIfAbsent(s.pid(), p -> new CompletableFuture<>()));
        REAPER.childSpawned();
        pump.attach(s.stdoutFd(), stdoutSink != null ? stdoutSink : child.out);
        if (s.stderrFd() >= 0) {
            pump.attach(s.stderrFd(), child.err);
        }
        child.exit.thenRun(() -> EXITS.remove(s.pid()));
        return child;
    }

    /** For children spawned with {@code manualReap}: frees the zombie. */
    public static void reapManually(int pid) {
        MANUAL_REAP.remove(pid);
        synchronized (UNREAPED) {
            UNREAPED.remove(pid);
            REAPER.reap(pid);
        }
    }

    /** SIGKILLs the process groups of every pid in {@code started} and waits until each exit was seen. */
    public static void killAll(List<Integer> started) {
        for (int pid : started) {
            synchronized (UNREAPED) { // a reaped pid may already belong to someone else: never signal it
                if (UNREAPED.contains(pid)) {
                    POSIX.killGroup(pid, Signal.KILL);
                    POSIX.kill(pid, Signal.KILL);
                }
            }
        }
        for (int pid : started) {
            if (MANUAL_REAP.containsKey(pid)) { // the listener left this zombie for the test to reap
                CompletableFuture<ExitStatus> exit = EXITS.get(pid);
                if (exit != null) {
                    await().atMost(Duration.ofSeconds(10)).until(exit::isDone);
                }
                reapManually(pid);
            }
            Integer statusFd = STATUS_FDS.remove(pid);
            if (statusFd != null) {
                io.jsuper.jsuperd.os.jna.LibC.INSTANCE.close(statusFd);
            }
        }
        started.clear();
    }

    /** Fields of /proc/PID/stat after the command name: [state, ppid, pgrp, session, ...]. */
    public static Optional<String[]> stat(int pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Optional.of(s.substring(s.lastIndexOf(')') + 2).split(" "));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static boolean isZombie(int pid) {
        return stat(pid).map(f -> f[0].equals("Z")).orElse(false);
    }

    /** Alive (not gone, not a zombie). */
    public static boolean isAlive(int pid) {
        return stat(pid).map(f -> !f[0].equals("Z") && !f[0].equals("X")).orElse(false);
    }

    public static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    public static String procStatus(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status"));
        } catch (IOException e) {
            return "";
        }
    }
}
