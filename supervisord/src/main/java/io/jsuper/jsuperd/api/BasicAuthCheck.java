package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.BasicAuth;
import io.jsuper.jsuperd.config.RpcAuth;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * supervisord's HTTP basic authentication on its own paths ({@code /RPC2}, {@code /logtail}, {@code /mainlogtail}),
 * from the config in force (so a reload changes it): a missing or wrong {@code Authorization: Basic} is 401 with
 * {@code WWW-Authenticate: Basic realm="default"}, as supervisord answers.
 */
final class BasicAuthCheck {
    private static final String PREFIX = "basic ";

    private BasicAuthCheck() {
    }

    /** The credentials this listener requires on supervisord's paths, if any. */
    static Optional<BasicAuth> required(SupervisorControl control, Transport transport) {
        RpcAuth auth;
        try {
            auth = control.config().daemon().rpcAuth();
        } catch (ControlException e) {
            return Optional.empty(); // a control without a config (tests of the network edge)
        }
        return transport == Transport.UNIX ? auth.socket() : auth.http();
    }

    /** @throws ApiException UNAUTHORIZED unless {@code authorization} carries the configured user and password */
    static void check(BasicAuth expected, String authorization) {
        if (!matches(expected, authorization)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "missing or wrong username or password",
                    Map.of("WWW-Authenticate", "Basic realm=\"default\""));
        }
    }

    private static boolean matches(BasicAuth expected, String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(PREFIX.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && expected.matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
