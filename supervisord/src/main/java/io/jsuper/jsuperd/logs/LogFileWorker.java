package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.os.jna.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does the slow file-system work of rotation on its own thread ({@code jsuperd-log-files}), so that the output
 * thread only renames: it frees dropped backups (the last close of a deleted 50 MB file truncates its page cache
 * and frees its blocks, 3-7 ms on ext4, while the writer's pipe fills) and creates a chatty stream's next file
 * ahead of its rotation (creating an inode can take milliseconds on a file system that has just freed many).
 *
 * <p>Bounded: at most {@link #MAX_PENDING} tasks wait. When full, a release closes at once (on the caller's thread,
 * as before) and a preparation is skipped (the rotation then creates the file itself).
 */
final class LogFileWorker {

    private static final Logger LOG = LoggerFactory.getLogger(LogFileWorker.class);
    static final int MAX_PENDING = 4096;
    /** The daemon's one worker; tests may make their own. */
    static final LogFileWorker SHARED = new LogFileWorker();

    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(MAX_PENDING);
    private final AtomicInteger unfinished = new AtomicInteger(); // queued or running
    private Thread thread; // started with the first task

    /** Closes {@code fd} (a descriptor whose file may have no name left) on the worker; never blocks. */
    void release(int fd) {
        if (fd >= 0 && !submit(() -> LibC.INSTANCE.close(fd))) {
            LibC.INSTANCE.close(fd);
        }
    }

    /** Runs {@code task} on the worker; false (and nothing runs) when {@link #MAX_PENDING} tasks wait. */
    boolean submit(Runnable task) {
        unfinished.incrementAndGet();
        if (!tasks.offer(task)) {
            unfinished.decrementAndGet();
            return false;
        }
        startOnce();
        return true;
    }

    /** True when no task waits or runs (for tests). */
    boolean idle() {
        return unfinished.get() == 0;
    }

    private synchronized void startOnce() {
        if (thread == null) {
            thread = new Thread(this::run, "jsuperd-log-files");
            thread.setDaemon(true); // what is left at exit: descriptors the kernel closes, an empty hidden file
            thread.start();
        }
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("log file task failed", e);
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }
}
