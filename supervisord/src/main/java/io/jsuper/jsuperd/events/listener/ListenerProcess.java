package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.Posix;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One running event listener process: its protocol state, the event it is working on, and the non-blocking
 * writes of that event to its stdin. A listener that does not read its stdin never blocks the loop: what does
 * not fit the pipe is retried on a timer, one event at a time. On the loop only (except {@link #inTransit}).
 */
final class ListenerProcess {
    static final Duration FIRST_RETRY = Duration.ofMillis(20);
    static final Duration MAX_RETRY = Duration.ofSeconds(1);

    private final ProcessSlot slot;
    private final int stdinFd;
    private final Posix posix;
    private final Scheduler scheduler;
    private final Consumer<ListenerProcess> broken;
    private final ListenerProtocol protocol = new ListenerProtocol();
    /** Bytes read from its stdout by the pump and not yet fed to the protocol on the loop. */
    final AtomicInteger inTransit = new AtomicInteger();
    private ListenerPool.Queued inFlight;
    private byte[] unwritten;
    private int offset;
    private Duration retryDelay = FIRST_RETRY;
    private Scheduler.Timer retry = Scheduler.NONE;
    private boolean closed;

    ListenerProcess(ProcessSlot slot, int stdinFd, Posix posix, Scheduler scheduler, Consumer<ListenerProcess> broken) {
        this.slot = slot;
        this.stdinFd = stdinFd;
        this.posix = posix;
        this.scheduler = scheduler;
        this.broken = broken;
    }

    ProcessSlot slot() {
        return slot;
    }

    String name() {
        return slot.displayName();
    }

    ListenerProtocol protocol() {
        return protocol;
    }

    boolean closed() {
        return closed;
    }

    /** READY, RUNNING, nothing still being written: supervisord sends only to RUNNING listeners. */
    boolean canTake() {
        return !closed && slot.state() == ProcessState.RUNNING && protocol.state() == ListenerState.READY
                && unwritten == null;
    }

    void send(ListenerPool.Queued q, byte[] envelope) {
        protocol.sent();
        inFlight = q;
        unwritten = envelope;
        offset = 0;
        retryDelay = FIRST_RETRY;
        flush();
    }

    private void flush() {
        if (closed || unwritten == null) {
            return;
        }
        int n = posix.writeSome(stdinFd, unwritten, offset, unwritten.length - offset);
        if (n < 0) {
            unwritten = null;
            broken.accept(this);
            return;
        }
        offset += n;
        if (offset == unwritten.length) {
            unwritten = null;
            return;
        }
        // The pipe is full: try again soon while the listener reads, ever later (up to 1 s) while it does not.
        retryDelay = n > 0 ? FIRST_RETRY
                : retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
        retry = scheduler.schedule(retryDelay, this::flush);
    }

    /** The event it was given, now answered or lost; null when there is none. */
    ListenerPool.Queued takeInFlight() {
        ListenerPool.Queued q = inFlight;
        inFlight = null;
        unwritten = null;
        retry.cancel();
        return q;
    }

    /** Its process is gone: stop writing and close our end of its stdin. */
    void close() {
        if (!closed) {
            closed = true;
            retry.cancel();
            posix.close(stdinFd);
        }
    }
}
