package io.jsuper.jsuperd.health;

import io.jsuper.jsuperd.config.ProbeSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
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
 * Runs tcp and http checks. tcp checks are non-blocking connects on one selector thread
 * ({@link TcpConnectProber}: the cheap path, since a host probes every port every second); http checks
 * block with their timeouts on a small bounded pool of daemon threads, which also resolves tcp targets
 * that are host names (a slow DNS answer must not hold up the selector). A check that cannot be queued
 * fails ("too many checks in flight") instead of waiting.
 */
public final class NetworkProbeRunner implements ProbeRunner, AutoCloseable {
    /** Enough to read a health page; a bigger body is cut here (the substring must be in the first 64 KiB). */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ThreadPoolExecutor pool;
    private final LongSupplier nanoTime;
    private final TcpConnectProber tcp;

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
        try {
            this.tcp = new TcpConnectProber(queue, nanoTime);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot open a selector for tcp checks", e);
        }
    }

    @Override
    public CompletableFuture<ProbeResult> run(ProbeSpec spec) {
        if (spec.kind() == ProbeSpec.Kind.TCP) {
            return connect(spec);
        }
        return onPool(() -> check(spec));
    }

    private CompletableFuture<ProbeResult> onPool(java.util.function.Supplier<ProbeResult> work) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        try {
            pool.execute(() -> result.complete(work.get()));
        } catch (RejectedExecutionException e) {
            result.complete(ProbeResult.failed("too many checks in flight", 0));
        }
        return result;
    }

    /**
     * An IP literal or a unix socket ({@code unix:/run/x.sock}, a daemon-owned socket's address) goes straight
     * to the selector; a host name is resolved on the pool first.
     */
    private CompletableFuture<ProbeResult> connect(ProbeSpec spec) {
        long timeout = timeoutMillis(spec);
        String target = spec.target();
        if (target.startsWith("unix:")) {
            return tcp.connect(java.net.UnixDomainSocketAddress.of(target.substring("unix:".length())), timeout);
        }
        int colon = target.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) { // a target resolved per process from its environment
            return CompletableFuture.completedFuture(ProbeResult.failed("\"" + target + "\" is not HOST:PORT", 0));
        }
        String host = unbracket(target.substring(0, colon));
        if (isIpLiteral(host)) {
            return tcp.connect(new InetSocketAddress(host, port), timeout);
        }
        long start = nanoTime.getAsLong();
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        onPool(() -> {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                return ProbeResult.failed("unknown host " + host, (nanoTime.getAsLong() - start) / 1_000_000);
            }
            long left = timeout - (nanoTime.getAsLong() - start) / 1_000_000;
            tcp.connect(address, Math.max(1, left)).thenAccept(r -> result.complete(
                    new ProbeResult(r.ok(), r.detail(), (nanoTime.getAsLong() - start) / 1_000_000)));
            return null;
        }).thenAccept(failed -> {
            if (failed != null) {
                result.complete(failed);
            }
        });
        return result;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A dotted quad (IPv4) or anything with a colon (IPv6): {@link InetSocketAddress} parses these without DNS. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private ProbeResult check(ProbeSpec spec) {
        long start = nanoTime.getAsLong();
        String failure;
        try {
            failure = get(spec);
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
        tcp.close();
        pool.shutdownNow();
    }
}
