package io.jsuper.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP requests in a loop on fresh connections (loopback only) while an operation runs: counts requests,
 * failures (no answer, or not 200) and the slowest answer, and which pids answered. Bounded: it stops by
 * itself after {@code maxSeconds}, each request has a 10 s timeout.
 */
final class LoadLoop {
    /** What the loop saw. */
    record Result(long requests, long failed, long maxLatencyMillis, String firstFailure, Map<String, Long> bodies) {
        @Override
        public String toString() {
            return "requests " + requests + ", failed " + failed + ", max latency " + maxLatencyMillis + " ms"
                    + (firstFailure == null ? "" : ", first failure: " + firstFailure);
        }
    }

    private final int port;
    private final Thread[] threads;
    private final long deadlineNanos;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong maxLatency = new AtomicLong();
    private final Map<String, Long> bodies = new ConcurrentHashMap<>();
    private volatile boolean stop;
    private volatile String firstFailure;

    LoadLoop(int port, int clients, int maxSeconds) {
        this.port = port;
        this.deadlineNanos = System.nanoTime() + maxSeconds * 1_000_000_000L;
        this.threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = new Thread(this::run, "load-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    private void run() {
        while (!stop && System.nanoTime() < deadlineNanos) {
            long start = System.nanoTime();
            String outcome = once();
            long millis = (System.nanoTime() - start) / 1_000_000;
            requests.incrementAndGet();
            maxLatency.accumulateAndGet(millis, Math::max);
            if (outcome.startsWith("!")) {
                failed.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = outcome.substring(1);
                }
            } else {
                bodies.merge(outcome, 1L, Long::sum);
            }
        }
    }

    /** The body of a 200 answer, or "!" and what went wrong. */
    private String once() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = readAll(s.getInputStream());
            if (!text.startsWith("HTTP/1.") || !text.substring(9).startsWith("200")) {
                return "!" + (text.isEmpty() ? "empty answer" : text.lines().findFirst().orElse(""));
            }
            int split = text.indexOf("\r\n\r\n");
            return split < 0 ? "" : text.substring(split + 4).strip();
        } catch (IOException e) {
            return "!" + e;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0 && out.size() < 1 << 20) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Requests so far (to wait until the loop really runs). */
    long requests() {
        return requests.get();
    }

    Result stopAndReport() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(15_000);
        }
        return new Result(requests.get(), failed.get(), maxLatency.get(), firstFailure, Map.copyOf(bodies));
    }
}
