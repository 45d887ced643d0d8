package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Binds the main file's {@code [jsuperd]} section (absent = all defaults) to {@link DaemonSettings}. */
final class DaemonBinder {

    static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");
    private static final String HTTP_ALLOWED = "PORT, HOST:PORT or [IPv6]:PORT with port 1..65535, or empty for no HTTP listener";

    private DaemonBinder() {
    }

    static DaemonSettings bind(RawSection section, Path configDir, Interpolator interpolator, ErrorList errors) {
        if (section == null) {
            return defaults(configDir);
        }
        SectionValues v = new SectionValues(section, interpolator, errors);
        if (section.get("http_token") != null && section.get("http_token_file") != null) {
            v.error("http_token_file", "both http_token and http_token_file are set", "one of them, not both");
        }
        return new DaemonSettings(
                v.path("socket", configDir.resolve("jsuperd.sock")),
                v.optional("http", DaemonBinder::http),
                v.path("logdir", configDir.resolve("logs")),
                v.optionalPath("pidfile"),
                v.optionalPath("logfile"),
                v.get("loglevel", "info", DaemonBinder::logLevel),
                v.optional("socket_group", DaemonBinder::nonBlank),
                v.optional("http_token", DaemonBinder::nonBlank),
                v.optionalPath("http_token_file"),
                ConnectionLimitsBinder.bind(v),
                v.integer("minfds", 0, 0, DescriptorBudget.MAX_MINFDS),
                v.get("containment", ContainmentMode.AUTO, ContainmentMode::parse),
                v.optional("statsd", DaemonBinder::http),
                v.optionalPath("statsd_socket"),
                new RpcAuth(basicAuth(v, "socket"), basicAuth(v, "http")));
    }

    /** {@code PREFIX_username} and {@code PREFIX_password}: both or neither (supervisord refuses one alone too). */
    private static Optional<BasicAuth> basicAuth(SectionValues v, String prefix) {
        Optional<String> user = v.nonBlank(prefix + "_username");
        Optional<String> pass = v.nonBlank(prefix + "_password");
        if (user.isPresent() != pass.isPresent()) {
            String missing = user.isPresent() ? prefix + "_password" : prefix + "_username";
            v.error(user.isPresent() ? prefix + "_username" : prefix + "_password",
                    "set without " + missing, "both " + prefix + "_username and " + prefix + "_password, or neither");
            return Optional.empty();
        }
        return user.map(u -> new BasicAuth(u, pass.get()));
    }

    static DaemonSettings defaults(Path configDir) {
        return new DaemonSettings(configDir.resolve("jsuperd.sock"), Optional.empty(), configDir.resolve("logs"),
                Optional.empty(), Optional.empty(), "info", Optional.empty(), Optional.empty(), Optional.empty());
    }

    static String nonBlank(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new InvalidValueException("an empty value", "a non-empty value, or leave the key out");
        }
        return t;
    }

    static HttpEndpoint http(String text) {
        String t = text.strip();
        String host = "127.0.0.1";
        String port = t;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new InvalidValueException(Converters.quote(text) + " is not an address", HTTP_ALLOWED);
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.contains(":")) {
            int colon = t.lastIndexOf(':');
            host = t.substring(0, colon).strip();
            port = t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new InvalidValueException(Converters.quote(text) + " has no host before ':'", HTTP_ALLOWED);
        }
        try {
            return new HttpEndpoint(host, Converters.integer(port, 1, 65535));
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Converters.quote(text) + " has no valid port", HTTP_ALLOWED);
        }
    }

    static String logLevel(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(t)) {
            throw new InvalidValueException(Converters.quote(text) + " is not a log level", String.join(", ", LOG_LEVELS));
        }
        return t;
    }
}
