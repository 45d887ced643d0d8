package io.jsuper.jsuperd.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commands of one listener running at once on the supervisor loop. Each connection has at most one, but
 * a crowd of TCP clients asking for the status of thousands of processes in a tight loop would queue that
 * many snapshots ahead of every child's respawn; past the limit a request gets a short 503 instead.
 */
final class InflightLimit {
    /** TCP: enough for a few dashboards and scripts; the unix socket (the operator) is not limited. */
    static final int TCP_MAX = 8;

    private final int max;
    private final AtomicInteger running = new AtomicInteger();

    InflightLimit(int max) {
        this.max = max;
    }

    static InflightLimit forTransport(Transport transport) {
        return new InflightLimit(transport == Transport.TCP ? TCP_MAX : Integer.MAX_VALUE);
    }

    boolean tryAcquire() {
        while (true) {
            int now = running.get();
            if (now >= max) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        running.decrementAndGet();
    }
}
