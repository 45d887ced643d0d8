package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.config.HttpEndpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the control API listens.
 *
 * @param socket      unix domain socket path (always served, no token: guarded by file mode)
 * @param socketGroup when present the socket gets mode 0660 and this group, otherwise 0600
 * @param http        optional TCP listener
 * @param token       bearer token required on TCP; without one TCP serves only read-only requests
 * @param limits      connection caps, timeouts and descriptor reserve of both listeners
 */
public record ApiSettings(Path socket, Optional<String> socketGroup, Optional<HttpEndpoint> http, Optional<String> token,
                          ConnectionLimits limits) {
    public ApiSettings {
        Objects.requireNonNull(socket, "socket");
        socketGroup = Objects.requireNonNullElse(socketGroup, Optional.empty());
        http = Objects.requireNonNullElse(http, Optional.empty());
        token = Objects.requireNonNullElse(token, Optional.<String>empty()).filter(t -> !t.isEmpty());
        limits = Objects.requireNonNullElse(limits, ConnectionLimits.defaults());
    }

    /** With the default limits. */
    public ApiSettings(Path socket, Optional<String> socketGroup, Optional<HttpEndpoint> http, Optional<String> token) {
        this(socket, socketGroup, http, token, ConnectionLimits.defaults());
    }

    /** Unix socket only, mode 0600. */
    public static ApiSettings unixOnly(Path socket) {
        return new ApiSettings(socket, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same settings with other limits. */
    public ApiSettings withLimits(ConnectionLimits other) {
        return new ApiSettings(socket, socketGroup, http, token, other);
    }
}
