package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jsuper.jsuperd.os.ChildReaper;
import io.jsuper.jsuperd.os.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread ({@code jsuperd-reaper}) for all children: {@code waitid(P_ALL, WEXITED | WNOWAIT)}
 * reports an exit without freeing the zombie, then the thread waits until the owner calls
 * {@link #reap(int)}. Until then the pid (and process group id) cannot be reused, so a late
 * {@code kill} can never hit a stranger.
 *
 * <p>Assumes nothing else in the JVM reaps with {@code waitpid(-1)}. A child started with
 * {@code ProcessBuilder} is reported too; its exit is reaped by the JDK, which this reaper notices
 * (it re-checks the pending zombie after 2 ms, then less and less often, at least every {@value #RECHECK_MILLIS} ms) and moves on.
 *
 * <p>{@link #close()} marks the reaper stopped and wakes it if parked; a thread blocked inside
 * {@code waitid} cannot be interrupted from Java, so it stays there (it is a daemon thread) until the
 * next child exits, and then ends without reporting or reaping anything.
 */
public final class WaitidChildReaper implements ChildReaper {

    private static final Logger LOG = LoggerFactory.getLogger(WaitidChildReaper.class);
    private static final LibC C = LibC.INSTANCE;
    static final long RECHECK_MILLIS = 1000;
    static final long FIRST_RECHECK_MILLIS = 2;

    private final Object lock = new Object();
    private long spawnGeneration; // guarded by lock
    private int pendingPid; // guarded by lock: reported, not yet reaped
    private boolean running; // guarded by lock
    private Thread thread;
    private ExitListener listener;

    @Override
    public void start(ExitListener listener) {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("reaper already started");
            }
            this.listener = listener;
            running = true;
            thread = new Thread(this::run, "jsuperd-reaper");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void reap(int pid) {
        int rc;
        IntByReference status = new IntByReference();
        do {
            rc = C.waitpid(pid, status, LibC.WNOHANG);
        } while (rc < 0 && LibC.errno() == LibC.EINTR);
        if (rc == 0) {
            LOG.warn("reap({}) called but the process is still running", pid);
            return;
        }
        synchronized (lock) {
            if (pendingPid == pid) {
                pendingPid = 0;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void childSpawned() {
        synchronized (lock) {
            spawnGeneration++;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(100); // returns at once when the thread was parked; not when it sits in waitid
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Memory siginfo = new Memory(LibC.SIGINFO_SIZE);
        while (isRunning()) {
            long generation = generation();
            siginfo.clear();
            int rc = C.waitid(LibC.P_ALL, 0, siginfo, LibC.WEXITED | LibC.WNOWAIT);
            if (rc < 0) {
                int errno = LibC.errno();
                if (errno == LibC.ECHILD) {
                    parkUntilSpawned(generation);
                } else if (errno != LibC.EINTR) {
                    LOG.error("waitid failed: {}; reaper stops", LibC.describe(errno));
                    return;
                }
                continue;
            }
            int pid = siginfo.getInt(LibC.SIGINFO_PID);
            if (pid <= 0 || !isRunning()) {
                continue;
            }
            report(pid, statusOf(siginfo.getInt(LibC.SIGINFO_CODE), siginfo.getInt(LibC.SIGINFO_STATUS)));
        }
    }

    static ExitStatus statusOf(int code, int status) {
        switch (code) {
            case LibC.CLD_EXITED:
                return ExitStatus.exited(status);
            case LibC.CLD_DUMPED:
                return ExitStatus.killed(status, true);
            default:
                return ExitStatus.killed(status, false);
        }
    }

    private void report(int pid, ExitStatus status) {
        synchronized (lock) {
            pendingPid = pid;
        }
        try {
            listener.childExited(pid, status);
        } catch (RuntimeException e) {
            LOG.error("exit listener failed for pid {}", pid, e);
        }
        awaitReap(pid);
    }

    /**
     * Blocks until the owner reaped {@code pid}, the zombie vanished some other way, or close(). The
     * recheck starts at {@value #FIRST_RECHECK_MILLIS} ms and doubles up to {@value #RECHECK_MILLIS} ms: a
     * child the JDK reaps itself (a library's {@code Runtime.exec}) holds up the exits behind it for
     * milliseconds, not a second.
     */
    private void awaitReap(int pid) {
        long recheck = FIRST_RECHECK_MILLIS;
        synchronized (lock) {
            while (running && pendingPid == pid) {
                try {
                    lock.wait(recheck);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                recheck = nextRecheck(recheck);
                if (pendingPid == pid && !stillZombie(pid)) {
                    LOG.warn("pid {} was reaped by someone else", pid);
                    pendingPid = 0;
                }
            }
        }
    }

    /** The wait after {@code millis}: doubled, at most {@value #RECHECK_MILLIS} ms. */
    static long nextRecheck(long millis) {
        return Math.min(RECHECK_MILLIS, millis * 2);
    }

    private static boolean stillZombie(int pid) {
        try (Memory probe = new Memory(LibC.SIGINFO_SIZE)) {
            probe.clear();
            int rc = C.waitid(LibC.P_PID, pid, probe, LibC.WEXITED | LibC.WNOWAIT | LibC.WNOHANG);
            return rc == 0 && probe.getInt(LibC.SIGINFO_PID) == pid;
        }
    }

    /** No children: sleep until childSpawned() moved the generation on (it may already have). */
    private void parkUntilSpawned(long generation) {
        synchronized (lock) {
            while (running && spawnGeneration == generation) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    private long generation() {
        synchronized (lock) {
            return spawnGeneration;
        }
    }
}
