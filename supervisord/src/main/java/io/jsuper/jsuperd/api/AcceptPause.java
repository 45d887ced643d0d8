package io.jsuper.jsuperd.api;

import io.netty.channel.Channel;

import java.util.concurrent.TimeUnit;

/**
 * Stops one listener from accepting while fewer descriptors than its reserve are free, and starts it again
 * when they are back (checked with an exact count every {@link #RECHECK_MILLIS}). While it is paused, new
 * connections wait in the kernel's listen backlog instead of each costing an accept, a descriptor and a scan;
 * the other listener goes on. Without it a flood kept the daemon accepting up to {@code EMFILE}, where
 * nothing else (a child's pipes, a log file, the operator's connection) could get a descriptor.
 */
final class AcceptPause {
    static final long RECHECK_MILLIS = 100;

    private final FdBudget fds;
    private final long reserve;
    /** Written on the listener's event loop only; volatile for {@link #paused()}. */
    private volatile boolean paused;

    AcceptPause(FdBudget fds, long reserve) {
        this.fds = fds;
        this.reserve = reserve;
    }

    /** Pauses accepting on {@code listener} (the server channel) until the reserve is free again. */
    void pause(Channel listener) {
        if (listener == null) {
            return;
        }
        listener.eventLoop().execute(() -> {
            // Also when paused already: Netty's acceptor turns reading back on a second after a failed accept.
            listener.config().setAutoRead(false);
            if (!paused && listener.isOpen()) {
                paused = true;
                scheduleCheck(listener);
            }
        });
    }

    /** Whether accepting is paused right now (tests and diagnostics). */
    boolean paused() {
        return paused;
    }

    private void scheduleCheck(Channel listener) {
        listener.eventLoop().schedule(() -> check(listener), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check(Channel listener) {
        if (!listener.isOpen()) {
            paused = false;
            return;
        }
        if (fds.freeExact() < reserve) {
            scheduleCheck(listener);
            return;
        }
        paused = false;
        // Re-arms EPOLLIN: with edge-triggered epoll, connections that queued up meanwhile are reported again.
        listener.config().setAutoRead(true);
    }
}
