package io.jsuper.jsuperd.config;

import java.time.Duration;

/** Binds the network-edge limits of {@code [jsuperd]} ({@code http_max_connections}, {@code request_timeout}, …). */
final class ConnectionLimitsBinder {
    static final int MAX_CONNECTIONS = 100_000;
    static final int MAX_FD_RESERVE = 100_000;
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    private ConnectionLimitsBinder() {
    }

    static ConnectionLimits bind(SectionValues v) {
        ConnectionLimits d = ConnectionLimits.defaults();
        return new ConnectionLimits(
                v.integer("http_max_connections", d.httpMaxConnections(), 1, MAX_CONNECTIONS),
                v.integer("socket_max_connections", d.socketMaxConnections(), 1, MAX_CONNECTIONS),
                timeout(v, "request_timeout", d.requestTimeout()),
                timeout(v, "idle_timeout", d.idleTimeout()),
                timeout(v, "write_timeout", d.writeTimeout()),
                v.integer("fd_reserve", d.fdReserve(), 0, MAX_FD_RESERVE));
    }

    /** 100ms..24h: zero would close every connection at once, and "never" is what these limits exist against. */
    private static Duration timeout(SectionValues v, String key, Duration fallback) {
        Duration t = v.duration(key, fallback);
        if (t.compareTo(MIN_TIMEOUT) < 0 || t.compareTo(MAX_TIMEOUT) > 0) {
            v.error(key, Converters.quote(v.text(key).orElse("")) + " is out of range",
                    "a duration between 100ms and 24h");
            return fallback;
        }
        return t;
    }
}
