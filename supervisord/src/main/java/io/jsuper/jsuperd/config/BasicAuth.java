package io.jsuper.jsuperd.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * supervisord's HTTP basic authentication for one listener: a username and a password, the password in clear
 * or as {@code {SHA}} followed by the hex SHA-1 of it (supervisord's form). Compared in constant time.
 */
public record BasicAuth(String username, String password) {

    private static final String SHA = "{SHA}";

    public BasicAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** True when {@code user} and {@code pass} are the configured ones. */
    public boolean matches(String user, String pass) {
        boolean userOk = MessageDigest.isEqual(sha256(username), sha256(user));
        boolean passOk;
        if (password.regionMatches(true, 0, SHA, 0, SHA.length())) {
            String expected = password.substring(SHA.length()).strip().toLowerCase(Locale.ROOT);
            passOk = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    HexFormat.of().formatHex(digest("SHA-1", pass)).getBytes(StandardCharsets.US_ASCII));
        } else {
            passOk = MessageDigest.isEqual(sha256(password), sha256(pass));
        }
        return userOk & passOk;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "BasicAuth[" + username + ", password hidden]";
    }

    private static byte[] sha256(String s) {
        return digest("SHA-256", s);
    }

    private static byte[] digest(String algorithm, String s) {
        try {
            return MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JDK", e);
        }
    }
}
