package io.jsuper.jsuperd.sockets;

import io.jsuper.jsuperd.config.SocketConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sockets a daemon restart hands from the old jsuperd to the new one in the same process (execv keeps
 * descriptors without close-on-exec): one environment variable naming, for this pid, each socket's
 * descriptor and a fingerprint of the definition it was bound from. The new daemon keeps a socket only when
 * its section is unchanged (same fingerprint); it closes the others and binds them anew. The pid guards
 * against a variable that came from anywhere but our own exec: descriptors are then never touched.
 */
public final class SocketHandOver {
    /** The variable; jsuperd never passes it to children (SpawnPlanner's DAEMON_ONLY). */
    public static final String VARIABLE = "JSUPERD_HANDED_OVER_SOCKETS";
    static final int MAX_SOCKETS = 1024;

    /** What the old daemon leaves for the exec: the variable's value and the descriptors to keep open. */
    public record Plan(String value, List<Integer> fds) {
        public static final Plan NONE = new Plan("", List.of());

        public Plan {
            fds = List.copyOf(fds);
        }
    }

    /** One handed-over descriptor and the fingerprint of the definition it was bound from. */
    public record Handed(int fd, String fingerprint) {
    }

    private SocketHandOver() {
    }

    /** {@code pid=P;name:fd:fingerprint;…} for {@code sockets}. */
    static String encode(long pid, List<DaemonSockets.Bound> sockets) {
        StringBuilder out = new StringBuilder("pid=").append(pid);
        for (DaemonSockets.Bound b : sockets) {
            out.append(';').append(b.config().name()).append(':').append(b.fd()).append(':').append(fingerprint(b.config()));
        }
        return out.toString();
    }

    /**
     * The sockets handed to process {@code pid}: empty when the variable is absent, names another pid, or is
     * malformed (a malformed one is reported through {@code problem}, and nothing is adopted from it).
     */
    public static Map<String, Handed> parse(String value, long pid, java.util.function.Consumer<String> problem) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        String[] parts = value.split(";", MAX_SOCKETS + 2);
        if (!parts[0].equals("pid=" + pid)) {
            problem.accept(VARIABLE + " is not for this process (" + parts[0] + ", this is pid " + pid + "): ignored");
            return Map.of();
        }
        Map<String, Handed> out = new LinkedHashMap<>();
        for (int i = 1; i < parts.length && i <= MAX_SOCKETS; i++) {
            Optional<Map.Entry<String, Handed>> one = entry(parts[i]);
            if (one.isEmpty()) {
                problem.accept(VARIABLE + ": malformed entry '" + parts[i] + "' (want name:fd:fingerprint): no socket adopted");
                return Map.of();
            }
            out.put(one.get().getKey(), one.get().getValue());
        }
        return out;
    }

    private static Optional<Map.Entry<String, Handed>> entry(String part) {
        int second = part.lastIndexOf(':');
        int first = second <= 0 ? -1 : part.lastIndexOf(':', second - 1);
        if (first <= 0) {
            return Optional.empty();
        }
        try {
            int fd = Integer.parseInt(part.substring(first + 1, second));
            return fd > 2 ? Optional.of(Map.entry(part.substring(0, first), new Handed(fd, part.substring(second + 1))))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A short digest of the whole definition: record equality, carried across an exec. */
    static String fingerprint(SocketConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
