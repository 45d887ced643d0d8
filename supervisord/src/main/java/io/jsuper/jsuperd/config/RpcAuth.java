package io.jsuper.jsuperd.config;

import java.util.Objects;
import java.util.Optional;

/**
 * supervisord's basic authentication of its XML-RPC ({@code /RPC2}) and log streams ({@code /logtail},
 * {@code /mainlogtail}), per listener: {@code [unix_http_server]} and {@code [inet_http_server]} username and
 * password ({@code socket_username}/{@code socket_password}, {@code http_username}/{@code http_password} in
 * {@code [jsuperd]}). jsuper's own REST API keeps its rules (file mode, bearer token).
 */
public record RpcAuth(Optional<BasicAuth> socket, Optional<BasicAuth> http) {

    public RpcAuth {
        socket = Objects.requireNonNullElse(socket, Optional.empty());
        http = Objects.requireNonNullElse(http, Optional.empty());
    }

    public static RpcAuth none() {
        return new RpcAuth(Optional.empty(), Optional.empty());
    }
}
