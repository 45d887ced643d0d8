package io.jsuper.jsuperd.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of answers written but not yet taken by the clients of one listener, across its connections:
 * when many slow readers ask for large answers (status of thousands of processes) the total stays
 * bounded; past it, clients get a small 503 OVERLOADED instead of the large answer.
 */
final class ReplyBudget {
    private final long maxBytes;
    private final AtomicLong queued = new AtomicLong();

    ReplyBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A share of the heap: both listeners together may hold at most a quarter of it in unread answers. */
    static ReplyBudget eighthOfHeap() {
        return new ReplyBudget(Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    /** Reserves {@code bytes}; false (and nothing reserved) when that would exceed the budget. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = queued.get();
            // One answer is always allowed when nothing is queued, however large, or it could never be sent.
            if (now > 0 && now + bytes > maxBytes) {
                return false;
            }
            if (queued.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void giveBack(long bytes) {
        queued.addAndGet(-bytes);
    }

    long queuedBytes() {
        return queued.get();
    }
}
