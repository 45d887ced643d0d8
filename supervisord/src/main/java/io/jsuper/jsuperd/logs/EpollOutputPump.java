package io.jsuper.jsuperd.logs;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jsuper.jsuperd.os.jna.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real {@link OutputPump}: one thread ({@code jsuperd-output}) with a level-triggered epoll set
 * over every child's pipes. Each wakeup reads at most one chunk (up to 64 KiB) per ready fd, so a
 * chatty child cannot starve the others. Tasks and new fds arrive through a queue and an eventfd.
 * The chunk handed to a sink is a reused buffer: sinks must consume it before returning.
 * The pump closes fds (at EOF and on close()), never sinks: a log file outlives one process run.
 */
public final class EpollOutputPump implements OutputPump {

    private static final Logger LOG = LoggerFactory.getLogger(EpollOutputPump.class);
    private static final LibC C = LibC.INSTANCE;

    /**
     * The calls of every turn, direct-mapped: a JNA interface call costs 2.5-6 us here, a direct one 0.7 us (a burst
     * makes one wait and up to 16 reads or splices per MiB). errno is kept for {@link LibC#errno()}.
     */
    private static final class Hot {
        static {
            Native.register(Hot.class, "c");
        }

        private Hot() {
        }

        static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

        static native long read(int fd, Pointer buf, long count);
    }
    /** Most one read takes; pipes of chatty children are grown to this size too. */
    static final int CHUNK = 1024 * 1024;
    /** What a chatty child's pipe is grown to ({@code -Djsuper.logs.pipeSize}, for comparisons). */
    static final int PIPE_SIZE = Integer.getInteger("jsuper.logs.pipeSize", CHUNK);
    /** A read this large means the pipe was full at its default size (64 KiB): the child is chatty. */
    private static final int DEFAULT_PIPE_SIZE = 64 * 1024;
    /** Bounds one fd's turn, so that one chatty child cannot starve the others. */
    private static final int MAX_READS_PER_TURN = 16;
    private static final int MAX_EVENTS = 512;
    private static final int DRAIN_ROUNDS_ON_CLOSE = 64;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, OutputSink> sinks = new HashMap<>(); // pump thread only
    // malloc'd, not a zeroed allocateDirect: pages are only touched (and resident) once output needs them.
    private final Memory bufferMemory = new Memory(CHUNK);
    private final ByteBuffer buffer = bufferMemory.getByteBuffer(0, CHUNK);
    private final Pointer bufferAddress = bufferMemory;
    private final java.util.Set<Integer> grownPipes = new java.util.HashSet<>(); // pump thread only
    private final Memory wakeValue = new Memory(8); // constant 1, written by any thread
    private final Memory wakeDrain = new Memory(8); // pump thread only
    /**
     * Set by the first task queued since the pump last drained its eventfd: a burst of spawns queues several
     * tasks each (open, started, attach per stream) and costs one eventfd write and one wake-up, not one per task.
     */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int epfd = -1;
    private volatile int wakeFd = -1;
    private volatile boolean closing;
    private Thread thread;
    private final long closeTimeoutMillis;

    public EpollOutputPump() {
        this(10_000);
    }

    /** {@code closeTimeoutMillis}: how long close() waits for the thread before shutdown goes on without it. */
    EpollOutputPump(long closeTimeoutMillis) {
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("pump already started");
        }
        epfd = C.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1: " + LibC.describe(LibC.errno()));
        }
        wakeFd = C.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0 || !register(wakeFd)) {
            throw new IllegalStateException("eventfd: " + LibC.describe(LibC.errno()));
        }
        wakeValue.setLong(0, 1);
        thread = new Thread(this::run, "jsuperd-output");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void attach(int fd, OutputSink sink) {
        if (closing) {
            LOG.warn("output pump is closed; closing fd {} unread", fd);
            C.close(fd);
            return;
        }
        execute(() -> {
            if (register(fd)) {
                sinks.put(fd, sink);
            } else {
                LOG.error("cannot watch fd {}: {}", fd, LibC.describe(LibC.errno()));
                C.close(fd);
            }
        });
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (wakePending.compareAndSet(false, true)) {
            wake();
        }
    }

    /** Number of fds being read, for tests (a snapshot taken on the pump thread). */
    public int attachedCount() {
        int[] count = new int[1];
        CountDownLatch done = new CountDownLatch(1);
        execute(() -> {
            count[0] = sinks.size();
            done.countDown();
        });
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count[0];
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || closing) {
            return;
        }
        closing = true;
        wake();
        try {
            // Bounded: a stuck output thread (a sink blocked in the kernel) must not keep the daemon from exiting.
            if (t != Thread.currentThread() && !stopped.await(closeTimeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("output pump did not stop within {} ms; shutting down without it", closeTimeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        int fd = wakeFd;
        if (fd >= 0) {
            C.write(fd, wakeValue, 8);
        }
    }

    private boolean register(int fd) {
        try (Memory event = new Memory(LibC.EPOLL_EVENT_SIZE)) {
            event.clear();
            event.setInt(0, LibC.EPOLLIN);
            event.setLong(LibC.EPOLL_EVENT_DATA, fd);
            return C.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, fd, event) == 0;
        }
    }

    private void run() {
        Memory events = new Memory((long) LibC.EPOLL_EVENT_SIZE * MAX_EVENTS);
        try {
            wakePending.set(false); // tasks queued before start() (their wake had no eventfd yet) run now
            runTasks();
            while (!closing) {
                int n = Hot.epoll_wait(epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    if (LibC.errno() != LibC.EINTR) {
                        LOG.error("epoll_wait failed: {}; output pump stops", LibC.describe(LibC.errno()));
                        return;
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    int fd = (int) events.getLong((long) i * LibC.EPOLL_EVENT_SIZE + LibC.EPOLL_EVENT_DATA);
                    if (fd == wakeFd) {
                        C.read(wakeFd, wakeDrain, 8); // resets the counter
                        // Cleared after the read (a wake written before it is consumed, one after it stays
                        // pending) and before this round's tasks run: a task queued after the clear wakes us again.
                        wakePending.set(false);
                    } else {
                        readOnce(fd);
                    }
                }
                runTasks();
            }
            runTasks();
            drainAndCloseAll();
        } catch (Throwable t) {
            LOG.error("output pump died", t);
        } finally {
            C.close(epfd);
            int fd = wakeFd;
            wakeFd = -1;
            C.close(fd);
            stopped.countDown();
        }
    }

    /** Reads what {@code fd} has (up to CHUNK) into its sink; returns the byte count (on EOF or error the fd is detached and closed). */
    private int readOnce(int fd) {
        OutputSink sink = sinks.get(fd);
        if (sink == null) {
            return 0;
        }
        long spliced = spliceTurn(fd, sink);
        if (spliced >= 0) {
            return (int) spliced;
        }
        // Gather what is in the pipe (up to CHUNK) into one buffer: a writer that writes 64 KiB at a
        // time then costs one sink write and one epoll round per MiB instead of per 64 KiB.
        int filled = 0;
        boolean open = true;
        int limit = Math.max(1, Math.min(CHUNK, sink.readLimit(CHUNK)));
        for (int reads = 0; reads < MAX_READS_PER_TURN && filled < limit; reads++) {
            long n = Hot.read(fd, bufferAddress.share(filled), limit - filled);
            if (n > 0) {
                filled += (int) n;
                continue;
            }
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (errno != LibC.EAGAIN) {
                    LOG.warn("read on fd {} failed: {}", fd, LibC.describe(errno));
                    open = false;
                }
            } else {
                open = false; // EOF
            }
            break;
        }
        if (filled >= DEFAULT_PIPE_SIZE && open && grownPipes.add(fd)) {
            // A full default pipe: let this child write up to 1 MiB between our turns, fewer wake-ups
            // per byte. Quiet children keep the small default. Failure (e.g. the per-user pipe memory
            // limit of a non-root daemon) just keeps the default.
            C.fcntl(fd, LibC.F_SETPIPE_SZ, PIPE_SIZE);
        }
        if (filled > 0) {
            buffer.clear().limit(filled);
            try {
                sink.write(buffer);
            } catch (RuntimeException e) {
                LOG.error("output sink failed on fd {}", fd, e);
            }
        }
        if (!open) {
            detach(fd);
        }
        return filled;
    }

    /**
     * One turn by splice (the sink moves pipe to file without the bytes entering the JVM): the bytes moved,
     * or -1 when the sink cannot splice now (then the turn reads, as for any sink).
     */
    private long spliceTurn(int fd, OutputSink sink) {
        long moved = 0;
        for (int calls = 0; calls < MAX_READS_PER_TURN && moved < CHUNK; calls++) {
            long n;
            try {
                n = sink.spliceFrom(fd, CHUNK - moved);
            } catch (RuntimeException e) {
                LOG.error("output sink failed to splice fd {}", fd, e);
                n = OutputSink.SPLICE_NOT_NOW;
            }
            if (n > 0) {
                moved += n;
                continue;
            }
            if (n == 0) {
                detach(fd); // EOF
                return moved;
            } else if (n == OutputSink.SPLICE_NOT_NOW && moved == 0) {
                return -1;
            }
            break; // the pipe is empty, or the rest waits for the next turn (level-triggered)
        }
        if (moved >= DEFAULT_PIPE_SIZE && grownPipes.add(fd)) {
            C.fcntl(fd, LibC.F_SETPIPE_SZ, PIPE_SIZE);
        }
        return moved;
    }

    private void detach(int fd) {
        sinks.remove(fd);
        grownPipes.remove(fd);
        C.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, null);
        C.close(fd);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("output pump task failed", e);
            }
        }
    }

    /** On close: reads what children already wrote (bounded), then closes every fd. */
    private void drainAndCloseAll() {
        for (int fd : new ArrayList<>(sinks.keySet())) {
            for (int round = 0; round < DRAIN_ROUNDS_ON_CLOSE && readOnce(fd) > 0; round++) {
                // keep reading while data is there (bounded: a child may write forever)
            }
            if (sinks.containsKey(fd)) {
                detach(fd);
            }
        }
    }
}
