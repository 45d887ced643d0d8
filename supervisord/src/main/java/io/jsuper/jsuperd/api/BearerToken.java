package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/** Checks {@code Authorization: Bearer …} in constant time (both sides hashed, so length leaks nothing). */
final class BearerToken {
    private static final String PREFIX = "bearer ";
    private final byte[] expectedDigest;

    BearerToken(Optional<String> token) {
        this.expectedDigest = token.map(BearerToken::digest).orElse(null);
    }

    boolean configured() {
        return expectedDigest != null;
    }

    /** @throws ApiException UNAUTHORIZED when the header is missing or wrong */
    void check(String authorization) {
        boolean ok = false;
        if (authorization != null && authorization.length() > PREFIX.length()
                && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            ok = MessageDigest.isEqual(expectedDigest, digest(authorization.substring(PREFIX.length()).trim()));
        }
        if (!ok) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token",
                    Map.of("WWW-Authenticate", "Bearer realm=\"jsuperd\""));
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
