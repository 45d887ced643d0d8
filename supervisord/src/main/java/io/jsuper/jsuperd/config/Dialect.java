package io.jsuper.jsuperd.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which program's meaning a config file is read with. {@link #AUTO} decides per file by its sections:
 * supervisord's sections make a supervisord file, {@code [circus]}, {@code [socket:x]} or
 * {@code [plugin:x]} a Circus file, anything else jsuper's own format (which Circus files without those
 * sections already are). A file with supervisord sections next to jsuper's or Circus's is an error.
 */
public enum Dialect {
    AUTO, JSUPER, SUPERVISORD, CIRCUS;

    /** Parses a {@code --format} value. */
    public static Optional<Dialect> parse(String text) {
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isSupervisordSection(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return List.of("supervisord", "include", "unix_http_server", "inet_http_server", "supervisorctl").contains(n)
                || n.startsWith("program:") || n.startsWith("group:") || n.startsWith("rpcinterface:")
                || n.startsWith("eventlistener:") || n.startsWith("fcgi-program:");
    }

    static boolean isCircusOnlySection(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("circus") || n.startsWith("socket:") || n.startsWith("plugin:");
    }
}
