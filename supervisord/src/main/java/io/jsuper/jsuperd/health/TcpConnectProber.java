package io.jsuper.jsuperd.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Makes tcp checks as non-blocking connects multiplexed on one selector thread. A blocking connect per
 * check on a pool cost about 15 system calls and two thread hand-offs per check (7.3 % of a core for 1000
 * checks a second); here a check is a socket, a connect, a registration and a close, and one wake-up of
 * this thread serves every check that came due together. The socket is closed with {@code SO_LINGER 0}
 * (a reset, as kubelet does) so that a check leaves no TIME_WAIT socket behind to use up local ports.
 */
final class TcpConnectProber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpConnectProber.class);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Attempt> submitted = new ConcurrentLinkedQueue<>();
    /** Attempts connecting, by deadline: the next select sleeps until the earliest one at most. */
    private final TreeSet<Attempt> byDeadline = new TreeSet<>(
            Comparator.comparingLong((Attempt a) -> a.deadlineNanos).thenComparingLong(a -> a.seq));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    private final Thread thread;
    private long seq;
    private volatile boolean closed;

    TcpConnectProber(int maxInFlight, LongSupplier nanoTime) throws IOException {
        this.maxInFlight = maxInFlight;
        this.nanoTime = nanoTime;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "jsuperd-probe-tcp");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects to {@code address} (already resolved) and closes at once; fails after {@code timeoutMillis}. */
    CompletableFuture<ProbeResult> connect(java.net.SocketAddress address, long timeoutMillis) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        if (closed || inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            result.complete(ProbeResult.failed(closed ? "jsuperd is shutting down" : "too many checks in flight", 0));
            return result;
        }
        submitted.add(new Attempt(address, timeoutMillis, nanoTime.getAsLong(), result));
        selector.wakeup(); // coalesced by the JDK: one write to the wake-up fd per select
        return result;
    }

    private void loop() {
        try {
            while (!closed) {
                long now = nanoTime.getAsLong();
                startSubmitted(now);
                expire(now);
                long waitMillis = byDeadline.isEmpty() ? 0
                        : Math.max(1, (byDeadline.first().deadlineNanos - now + 999_999) / 1_000_000);
                selector.select(this::connected, waitMillis);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                log.error("tcp check selector failed; tcp checks fail from now on", e);
            }
        } finally {
            closed = true;
            failAll("jsuperd is shutting down");
        }
    }

    private void startSubmitted(long now) {
        Attempt a;
        while ((a = submitted.poll()) != null) {
            a.start(now);
        }
    }

    private void connected(SelectionKey key) {
        Attempt a = (Attempt) key.attachment();
        try {
            ((SocketChannel) key.channel()).finishConnect();
            a.finish(null);
        } catch (IOException e) {
            a.finish(describe(e));
        }
    }

    private void expire(long now) {
        while (!byDeadline.isEmpty() && byDeadline.first().deadlineNanos <= now) {
            Attempt a = byDeadline.first();
            a.finish("timed out after " + a.timeoutMillis + " ms");
        }
    }

    private void failAll(String why) {
        Attempt a;
        while ((a = submitted.poll()) != null) {
            a.finish(why);
        }
        while (!byDeadline.isEmpty()) {
            byDeadline.first().finish(why);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the tcp check selector", e);
        }
    }

    /** One check: touched only by the selector thread once submitted. */
    private final class Attempt {
        final java.net.SocketAddress address;
        final long timeoutMillis;
        final long submittedNanos;
        final CompletableFuture<ProbeResult> result;
        long deadlineNanos;
        long seq;
        SocketChannel channel;
        boolean done;

        Attempt(java.net.SocketAddress address, long timeoutMillis, long submittedNanos, CompletableFuture<ProbeResult> result) {
            this.address = address;
            this.timeoutMillis = timeoutMillis;
            this.submittedNanos = submittedNanos;
            this.result = result;
        }

        void start(long now) {
            deadlineNanos = submittedNanos + timeoutMillis * 1_000_000;
            try {
                boolean unix = address instanceof java.net.UnixDomainSocketAddress;
                channel = unix ? SocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                        : address instanceof InetSocketAddress inet && inet.getAddress() instanceof java.net.Inet4Address
                        ? SocketChannel.open(java.net.StandardProtocolFamily.INET) : SocketChannel.open();
                channel.configureBlocking(false);
                if (!unix) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                if (channel.connect(address)) {
                    finish(null);
                    return;
                }
                seq = ++TcpConnectProber.this.seq;
                byDeadline.add(this);
                channel.register(selector, SelectionKey.OP_CONNECT, this);
            } catch (IOException | RuntimeException e) {
                finish(e instanceof IOException io ? describe(io) : String.valueOf(e));
            }
        }

        /** Ends the check once: closes the socket (a reset: linger 0) and completes with the time it took. */
        void finish(String failure) {
            if (done) {
                return;
            }
            done = true;
            byDeadline.remove(this);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    log.debug("closing a tcp check socket", e);
                }
            }
            inFlight.decrementAndGet();
            long millis = Math.max(0, (nanoTime.getAsLong() - submittedNanos) / 1_000_000);
            if (failure == null && millis > timeoutMillis) {
                failure = "timed out after " + timeoutMillis + " ms";
            }
            result.complete(failure == null ? ProbeResult.passed(millis) : ProbeResult.failed(failure, millis));
        }
    }
}
