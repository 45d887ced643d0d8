package io.jsuper.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients for the network-edge tests (issue 9), each on its own thread with non-blocking
 * sockets and bounded counts: they never read, reconnect when the daemon closes them, and stop on close().
 */
final class EdgeAttack implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<SocketChannel> open = new ArrayList<>();
    /** Connections the daemon closed or refused (seen as EOF, reset or broken pipe). */
    final AtomicLong closedByDaemon = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();

    static SocketAddress tcp(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    static SocketAddress unix(Path socket) {
        return UnixDomainSocketAddress.of(socket);
    }

    /** {@code connections} clients that pipeline {@code GET /version} in batches of 500 and never read. */
    EdgeAttack pipeliners(SocketAddress target, int connections, String extraHeader) {
        byte[] batch = ("GET /version HTTP/1.1\r\nHost: x\r\n" + extraHeader + "\r\n").repeat(500)
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < connections; i++) {
            spawn("pipeliner-" + i, () -> {
                SocketChannel ch = null;
                ByteBuffer buf = ByteBuffer.wrap(batch);
                while (running.get()) {
                    try {
                        if (ch == null) {
                            ch = connect(target);
                        }
                        int n = ch.write(buf);
                        bytesSent.addAndGet(n);
                        if (!buf.hasRemaining()) {
                            buf.rewind();
                        }
                        if (n == 0) {
                            pause(5);
                        }
                    } catch (IOException e) {
                        closedByDaemon.incrementAndGet();
                        forget(ch);
                        ch = null;
                        pause(20);
                    }
                }
                forget(ch);
            });
        }
        return this;
    }

    /**
     * {@code connections} slowloris clients on one thread: each sends an unfinished request head and then
     * one byte every {@code every}; a closed one is replaced by a new one.
     */
    EdgeAttack drippers(SocketAddress target, int connections, Duration every) {
        spawn("drippers", () -> {
            SocketChannel[] conns = new SocketChannel[connections];
            byte[] head = "GET /services HTTP/1.1\r\nHost: x\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);
            while (running.get()) {
                for (int i = 0; i < conns.length && running.get(); i++) {
                    try {
                        if (conns[i] == null) {
                            conns[i] = connect(target);
                            conns[i].write(ByteBuffer.wrap(head));
                        } else {
                            conns[i].write(ByteBuffer.wrap(new byte[] {'a'}));
                            if (conns[i].read(ByteBuffer.allocate(1)) < 0) {
                                throw new IOException("EOF");
                            }
                        }
                    } catch (IOException e) {
                        closedByDaemon.incrementAndGet();
                        forget(conns[i]);
                        conns[i] = null;
                    }
                }
                pause(every.toMillis());
            }
            for (SocketChannel c : conns) {
                forget(c);
            }
        });
        return this;
    }

    private SocketChannel connect(SocketAddress target) throws IOException {
        SocketChannel ch = target instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            ch.connect(target);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        synchronized (open) {
            open.add(ch);
        }
        return ch;
    }

    private void forget(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        synchronized (open) {
            open.remove(ch);
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, "edge-attack-" + name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    private static void pause(long millis) {
        // pacing of the attacker itself, not a wait for the system under test
        java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000L);
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (open) {
            for (SocketChannel ch : List.copyOf(open)) {
                forget(ch);
            }
        }
    }
}
