package io.jsuper.jsuperd.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One connection's bearer-token check. The first request hashes the header as {@link BearerToken#check}
 * does (a SHA-256 digest and a provider lookup per call); a later request on the same connection that sends
 * the very header that passed is compared with it instead, in time that depends only on the length of what
 * the client sent. Any other header goes through the full check again, so a wrong token is refused exactly
 * as before, and nothing is shared between connections (a client can only match what it sent itself).
 */
final class TokenCheck {
    private final BearerToken token;
    /** The Authorization header (UTF-8) that last passed on this connection, null before one did. */
    private byte[] accepted;

    TokenCheck(BearerToken token) {
        this.token = token;
    }

    /** @throws ApiException UNAUTHORIZED when the header is missing or wrong */
    void check(String authorization) {
        byte[] sent = authorization == null ? null : authorization.getBytes(StandardCharsets.UTF_8);
        // MessageDigest.isEqual runs over all of its first argument whatever the second holds.
        if (sent != null && accepted != null && MessageDigest.isEqual(sent, accepted)) {
            return;
        }
        token.check(authorization);
        accepted = sent;
    }
}
