package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.logs.OutputPump;
import io.jsuper.jsuperd.logs.OutputSink;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnRequest;
import io.jsuper.jsuperd.os.SpawnedChild;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Short-lived commands that belong to a process (exec checks, alarm commands): spawned through the OS
 * seam like every child (the watcher's user, a new process group, no shell unless the command is one),
 * killed with their whole group when they outlive their time limit, reaped by the one reaper, and their
 * output kept only as a short tail for the result. At most {@code maxRunning} run at once; more are
 * refused at once rather than queued. Only touched on the supervisor loop.
 */
public final class SideCommands {
    /** How much of a command's output is kept for its result (the end of it, one line shown). */
    static final int TAIL_BYTES = 512;

    /** How a side command ended. {@code exit} is null when it could not be started or timed out. */
    public record Outcome(ExitStatus exit, boolean timedOut, String spawnError, String outputTail, long millis) {
        public boolean ok() {
            return exit != null && !exit.signaled() && exit.value() == 0 && !timedOut;
        }

        /** "exit 1: connection refused", "timed out after 1000 ms", "spawn failed: …", or "ok". */
        public String describe(Duration timeout) {
            if (spawnError != null) {
                return "spawn failed: " + spawnError;
            }
            if (timedOut) {
                return "timed out after " + timeout.toMillis() + " ms";
            }
            if (ok()) {
                return "ok";
            }
            String line = outputTail.strip();
            int nl = line.lastIndexOf('\n');
            line = nl >= 0 ? line.substring(nl + 1) : line;
            return exit + (line.isEmpty() ? "" : ": " + line);
        }
    }

    private final Parts ctx;
    private final Runnable spawnedHook;
    private final int maxRunning;
    private final Map<Integer, Running> running = new HashMap<>();

    /** What a side command needs of the outside world (the same seams as a process slot). */
    private record Parts(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner) {
    }

    /** {@code spawnedHook} tells the reaper there is a child to wait for. */
    public SideCommands(Posix posix, OutputPump pump, Scheduler scheduler, Clock clock, SpawnPlanner planner,
                        Runnable spawnedHook, int maxRunning) {
        this.ctx = new Parts(posix, pump, scheduler, clock, planner);
        this.spawnedHook = spawnedHook;
        this.maxRunning = maxRunning;
    }

    /**
     * Runs {@code argv} for process {@code wid} of {@code watcher}; the future completes on the loop when it
     * exited (or could not start). {@code inCgroup}: placed in the process's cgroup like its main process.
     */
    public CompletableFuture<Outcome> run(WatcherConfig watcher, int wid, List<String> argv, Map<String, String> env,
                                          Duration timeout, boolean inCgroup) {
        return run(watcher, wid, argv, env, timeout, inCgroup, null);
    }

    /** The same, with {@code stdin} (at most SpawnRequest.MAX_STDIN bytes; null: /dev/null) on its stdin. */
    public CompletableFuture<Outcome> run(WatcherConfig watcher, int wid, List<String> argv, Map<String, String> env,
                                          Duration timeout, boolean inCgroup, byte[] stdin) {
        long start = ctx.clock().nanoTime();
        if (running.size() >= maxRunning) {
            return CompletableFuture.completedFuture(new Outcome(null, false,
                    "too many commands running (" + maxRunning + ")", "", 0));
        }
        SpawnedChild child;
        try {
            SpawnRequest request = ctx.planner().planSide(watcher, wid, argv, env).withStdin(stdin);
            child = ctx.posix().spawn(inCgroup ? ctx.planner().containment().place(watcher, wid, request) : request);
        } catch (SpawnPlanner.PlanException | SpawnException | RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(null, false, e.getMessage(), "", 0));
        }
        Running r = new Running(child, start);
        running.put(child.pid(), r);
        spawnedHook.run();
        ctx.pump().attach(child.stdoutFd(), r.tail);
        r.timer = ctx.scheduler().schedule(timeout, () -> {
            r.timedOut = true;
            ctx.posix().killGroup(child.pid(), Signal.KILL);
        });
        return r.done;
    }

    /** Commands running now. */
    public int runningCount() {
        return running.size();
    }

    /**
     * The reaper saw {@code pid} exit (still a zombie): true when it was one of these commands. Whatever it
     * left in its process group is killed first, while the zombie pins the group id.
     */
    public boolean exited(int pid, ExitStatus status) {
        Running r = running.remove(pid);
        if (r == null) {
            return false;
        }
        ctx.posix().killGroup(pid, Signal.KILL);
        r.timer.cancel();
        String execFailure = ctx.posix().readExecFailure(r.child.statusFd()).orElse(null);
        long millis = (ctx.clock().nanoTime() - r.startNanos) / 1_000_000;
        r.done.complete(new Outcome(execFailure == null ? status : null, r.timedOut, execFailure, r.tail.text(),
                millis));
        return true;
    }

    /** Kills every command still running (daemon shutdown); their exits are reaped as usual. */
    public void killAll() {
        running.values().forEach(r -> ctx.posix().killGroup(r.child.pid(), Signal.KILL));
    }

    private static final class Running {
        final SpawnedChild child;
        final long startNanos;
        final TailSink tail = new TailSink();
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        Scheduler.Timer timer = Scheduler.NONE;
        boolean timedOut;

        Running(SpawnedChild child, long startNanos) {
            this.child = child;
            this.startNanos = startNanos;
        }
    }

    /** Keeps the last {@link #TAIL_BYTES} of output; written on the pump thread, read on the loop. */
    static final class TailSink implements OutputSink {
        private final byte[] ring = new byte[TAIL_BYTES];
        private long written;

        @Override
        public synchronized void write(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                ring[(int) (written++ % TAIL_BYTES)] = chunk.get();
            }
        }

        synchronized String text() {
            int n = (int) Math.min(written, TAIL_BYTES);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = ring[(int) ((written - n + i) % TAIL_BYTES)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    }
}
