package io.jsuper.jsuperd.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code [socket:NAME]} section to a {@link SocketConfig}, reporting every bad value with file:line. */
final class SocketBinder {

    static final Set<String> KEYS = Set.of("host", "port", "path", "family", "type", "backlog", "umask",
            "so_reuseport", "interface", "replace", "blocking");
    static final int DEFAULT_BACKLOG = 2048;
    /** Owner and group may connect to a unix socket (Circus's default, 0o010, lets others in too). */
    static final int DEFAULT_UMASK = 0117;
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_UNIX_PATH = 107;

    private SocketBinder() {
    }

    static SocketConfig bind(String name, SectionValues v) {
        Optional<java.nio.file.Path> path = v.optionalPath("path");
        SocketConfig.Family family = v.get("family", path.isPresent() ? SocketConfig.Family.UNIX
                : SocketConfig.Family.INET, SocketBinder::family);
        SocketConfig.Type type = v.get("type", SocketConfig.Type.STREAM, SocketBinder::type);
        String host = v.nonBlank("host").orElse(family == SocketConfig.Family.INET6 ? "::1" : "127.0.0.1");
        int port = v.integer("port", 8080, 0, 65535);
        if (family == SocketConfig.Family.UNIX) {
            if (path.isEmpty()) {
                v.error("path", "a unix socket needs a path", "path = /run/app/web.sock (family = AF_UNIX)");
            } else if (path.get().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_UNIX_PATH) {
                v.error("path", "the path is longer than a unix socket address allows (" + MAX_UNIX_PATH + " bytes)",
                        "a shorter path");
            }
            for (String key : List.of("host", "port", "so_reuseport", "interface")) {
                if (v.has(key)) {
                    v.error(key, key + " does not apply to a unix socket", "remove it, or family = AF_INET with host and port");
                }
            }
        } else {
            if (path.isPresent()) {
                v.error("path", "path is set but family is " + family, "family = AF_UNIX, or host and port without path");
            }
            if (v.has("replace")) {
                v.error("replace", "replace only applies to a unix socket file", "remove it, or path = …");
            }
            checkHost(v, host, family);
        }
        int backlog = v.integer("backlog", DEFAULT_BACKLOG, 1, 65535);
        if (type == SocketConfig.Type.DGRAM && v.has("backlog")) {
            v.error("backlog", "backlog only applies to type = SOCK_STREAM", "remove it");
        }
        int umask = v.get("umask", DEFAULT_UMASK, Converters::umask);
        Optional<String> iface = v.nonBlank("interface");
        iface.ifPresent(i -> {
            if (!i.matches("[A-Za-z0-9_.:@-]{1,15}")) {
                v.error("interface", Converters.quote(i) + " is not a network interface name", "e.g. eth0 or lo (at most 15 characters)");
            }
        });
        return new SocketConfig(name, family, type, host, port, path, backlog, umask, v.bool("so_reuseport", false),
                iface, v.bool("replace", false), v.bool("blocking", false));
    }

    /** Literal addresses are checked here; a name is resolved when the socket is bound (its error names the socket). */
    private static void checkHost(SectionValues v, String host, SocketConfig.Family family) {
        if (!host.matches("[A-Za-z0-9_.:%-]+")) {
            v.error("host", Converters.quote(host) + " is not a host name or address", "e.g. 127.0.0.1, ::1 or localhost");
        } else if (family == SocketConfig.Family.INET && host.contains(":")) {
            v.error("host", host + " is an IPv6 address but family is AF_INET", "family = AF_INET6, or an IPv4 address");
        } else if (family == SocketConfig.Family.INET6 && host.matches("[0-9.]+")) {
            v.error("host", host + " is an IPv4 address but family is AF_INET6", "family = AF_INET, or an IPv6 address");
        }
    }

    static SocketConfig.Family family(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        return switch (t.startsWith("AF_") ? t.substring(3) : t) {
            case "INET" -> SocketConfig.Family.INET;
            case "INET6" -> SocketConfig.Family.INET6;
            case "UNIX" -> SocketConfig.Family.UNIX;
            default -> throw new InvalidValueException(Converters.quote(text) + " is not a socket family",
                    "AF_INET, AF_INET6 or AF_UNIX");
        };
    }

    static SocketConfig.Type type(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        return switch (t.startsWith("SOCK_") ? t.substring(5) : t) {
            case "STREAM" -> SocketConfig.Type.STREAM;
            case "DGRAM" -> SocketConfig.Type.DGRAM;
            default -> throw new InvalidValueException(Converters.quote(text) + " is not a supported socket type",
                    "SOCK_STREAM or SOCK_DGRAM");
        };
    }
}
