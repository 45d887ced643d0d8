package io.jsuper.jsuperd.logs;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Writes whole lines of children's output to jsuperd's own stdout or stderr (for containers), on its own
 * thread, so that a terminal or a container log pipe that stops reading never blocks the output thread
 * (and with it every other child's capture). Blocks arrive complete (whole prefixed lines) and each is
 * written in one go while holding the stream's lock, which jsuperd's own log lines on the console take too:
 * output of two processes, or of a process and jsuperd, never mixes inside a line.
 *
 * <p>Bounded: at most {@link #MAX_QUEUED} bytes wait; beyond that blocks are dropped, counted, and a line
 * {@code ==> jsuper: console output fell behind, dropped N bytes} says so when writing resumes.
 */
public final class ConsoleWriter {

    static final int MAX_QUEUED = 4 * 1024 * 1024;

    private final PrintStream out;
    private final String threadName;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long droppedBytes; // not yet reported
    private long droppedTotal;
    private Thread worker;

    public ConsoleWriter(PrintStream out, String threadName) {
        this.out = out;
        this.threadName = threadName;
    }

    /** Queues {@code block} (whole lines); drops it when the queue is full. Never blocks on the console. */
    public synchronized boolean offer(byte[] block) {
        if (queuedBytes + block.length > MAX_QUEUED) {
            droppedBytes += block.length;
            droppedTotal += block.length;
            return false;
        }
        queue.add(block);
        queuedBytes += block.length;
        if (worker == null) {
            worker = new Thread(this::run, threadName);
            worker.setDaemon(true);
            worker.start();
        }
        notifyAll();
        return true;
    }

    /** Bytes thrown away because the console did not keep up. */
    public synchronized long droppedBytes() {
        return droppedTotal;
    }

    /** True when everything offered has been written (for tests). */
    public synchronized boolean drained() {
        return queue.isEmpty() && queuedBytes == 0;
    }

    private void run() {
        while (true) {
            byte[] block;
            long dropped;
            synchronized (this) {
                while (queue.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                block = queue.peek();
                dropped = droppedBytes;
                droppedBytes = 0;
            }
            synchronized (out) { // PrintStream's own lock: logback's console lines wait for a whole block
                if (dropped > 0) {
                    byte[] note = ("==> jsuper: console output fell behind, dropped " + dropped + " bytes\n")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(note, 0, note.length);
                }
                out.write(block, 0, block.length);
                out.flush();
            }
            synchronized (this) {
                queue.poll();
                queuedBytes -= block.length;
            }
        }
    }
}
