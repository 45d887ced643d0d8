package io.jsuper.jsuperd.health;

import io.jsuper.jsuperd.config.ProbeSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs tcp and http checks on a small bounded pool of daemon threads: blocking I/O with timeouts is the
 * simplest correct thing, and the pool and its queue bound what thousands of checks can cost. A check that
 * cannot be queued fails ("too many checks in flight") instead of waiting.
 */
public final class NetworkProbeRunner implements ProbeRunner, AutoCloseable {
    /** Enough to read a health page; a bigger body is cut here (the substring must be in the first 64 KiB). */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ThreadPoolExecutor pool;
    private final LongSupplier nanoTime;

    public NetworkProbeRunner(int threads, int queue) {
        this(threads, queue, System::nanoTime);
    }

    NetworkProbeRunner(int threads, int queue, LongSupplier nanoTime) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "jsuperd-probe-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.nanoTime = nanoTime;
    }

    @Override
    public CompletableFuture<ProbeResult> run(ProbeSpec spec) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        try {
            pool.execute(() -> result.complete(check(spec)));
        } catch (RejectedExecutionException e) {
            result.complete(ProbeResult.failed("too many checks in flight", 0));
        }
        return result;
    }

    private ProbeResult check(ProbeSpec spec) {
        long start = nanoTime.getAsLong();
        String failure;
        try {
            failure = spec.kind() == ProbeSpec.Kind.TCP ? connect(spec) : get(spec);
        } catch (SocketTimeoutException e) {
            failure = "timed out after " + spec.timeout().toMillis() + " ms";
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        long millis = (nanoTime.getAsLong() - start) / 1_000_000;
        if (failure == null && millis > spec.timeout().toMillis()) {
            failure = "timed out after " + spec.timeout().toMillis() + " ms";
        }
        return failure == null ? ProbeResult.passed(millis) : ProbeResult.failed(failure, millis);
    }

    private static String connect(ProbeSpec spec) throws IOException {
        int colon = spec.target().lastIndexOf(':');
        String host = spec.target().substring(0, colon);
        int port = Integer.parseInt(spec.target().substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis(spec));
        }
        return null;
    }

    private static String get(ProbeSpec spec) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(spec.target()).toURL().openConnection();
        try {
            c.setConnectTimeout(timeoutMillis(spec));
            c.setReadTimeout(timeoutMillis(spec));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "jsuperd-probe");
            int status = c.getResponseCode();
            if (!spec.statusPasses(status)) {
                return "status " + status;
            }
            if (!spec.httpBody().isEmpty() && !bodyHead(c).contains(spec.httpBody())) {
                return "body does not contain \"" + spec.httpBody() + "\"";
            }
            return null;
        } finally {
            c.disconnect();
        }
    }

    private static String bodyHead(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static int timeoutMillis(ProbeSpec spec) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, spec.timeout().toMillis()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
