package io.jsuper.jsuperd.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the control API's network edge ({@code [jsuperd]} options), so that no client can hold the
 * daemon's memory, descriptors or event loop.
 *
 * @param httpMaxConnections   open TCP connections at most; further ones get a 503 and are closed
 * @param socketMaxConnections open unix-socket connections at most, counted apart from TCP
 * @param requestTimeout       a request (head and body) must arrive completely within this time of its first byte
 * @param idleTimeout          a keep-alive connection with no request in flight is closed after this long
 * @param writeTimeout         a client that leaves answers unread (output above the high-water mark) this long is closed
 * @param fdReserve            descriptors kept free for children and the unix socket: TCP is refused below it
 */
public record ConnectionLimits(int httpMaxConnections, int socketMaxConnections, Duration requestTimeout,
                               Duration idleTimeout, Duration writeTimeout, int fdReserve) {
    public static final int DEFAULT_HTTP_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_SOCKET_MAX_CONNECTIONS = 64;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_FD_RESERVE = 256;

    public ConnectionLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
    }

    /** The documented defaults. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_HTTP_MAX_CONNECTIONS, DEFAULT_SOCKET_MAX_CONNECTIONS,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_FD_RESERVE);
    }

    /** These limits with another idle timeout (tests shorten it). */
    public ConnectionLimits withIdleTimeout(Duration idle) {
        return new ConnectionLimits(httpMaxConnections, socketMaxConnections, requestTimeout, idle, writeTimeout,
                fdReserve);
    }
}
