package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Circus file: {@code [circus]} becomes {@code [jsuperd]}; watchers keep jsuper's (Circus's)
 * options, Circus options jsuper does not honour are warnings ({@link CircusWatcher}); {@code [env:a,b]}
 * applies to each watcher named; a global {@code [env]} to every watcher of the file; {@code [socket:x]}
 * is jsuper's own section (kept as written); {@code [plugin:x]} is a warning.
 */
final class CircusTranslator {

    private static final Map<String, String> LOG_LEVELS = Map.of("critical", "error", "error", "error",
            "warning", "warn", "warn", "warn", "info", "info", "debug", "debug");
    private static final Pattern DOUBLE_PARENS = Pattern.compile("\\(\\((circus\\.[^)]*)\\)\\)", Pattern.CASE_INSENSITIVE);

    /** Every option of Circus's {@code [circus]} section (docs/migrating.md lists each one). */
    static final java.util.Set<String> CIRCUS_KEYS = java.util.Set.of("endpoint", "endpoint_owner", "pubsub_endpoint",
            "stats_endpoint", "multicast_discovery", "multicast_endpoint", "papa_endpoint", "statsd", "statsd_host",
            "statsd_port", "statsd_close_outputs", "httpd", "httpd_host", "httpd_port", "httpd_close_outputs", "check_delay",
            "include", "include_dir", "stream_backend", "warmup_delay", "debug", "debug_gc", "pidfile", "loglevel",
            "logoutput", "loggerconfig", "umask");

    private final Map<String, String> environment;
    private final ErrorList errors;

    private CircusTranslator(Map<String, String> environment, ErrorList errors) {
        this.environment = environment;
        this.errors = errors;
    }

    static List<RawSection> translate(List<RawSection> sections, Map<String, String> environment, ErrorList errors,
                                      java.util.Optional<RawEntry> umask) {
        return new CircusTranslator(environment, errors).all(sections, umask);
    }

    /** circusd's umask is what its children inherit: every watcher without its own gets it. */
    private static RawSection withUmask(RawSection w, java.util.Optional<RawEntry> umask) {
        if (umask.isEmpty() || w.get("umask") != null) {
            return w;
        }
        Map<String, RawEntry> entries = new LinkedHashMap<>(w.entries());
        RawEntry u = umask.get();
        entries.put("umask", u.translated(w.name(), "umask", u.value().strip())); // an error names [circus] umask
        return w.withEntries(entries);
    }

    private List<RawSection> all(List<RawSection> sections, java.util.Optional<RawEntry> umask) {
        List<RawSection> watchers = new ArrayList<>();
        Map<String, Map<String, RawEntry>> envs = new LinkedHashMap<>();
        Map<String, RawSection> envHeaders = new LinkedHashMap<>();
        RawSection globalEnv = null;
        List<RawSection> out = new ArrayList<>();
        // A file with [jsuperd] is jsuper's own: there an unknown option or stream class stays an error.
        boolean asCircus = sections.stream().noneMatch(s -> s.name().equals(KnownKeys.DAEMON_SECTION));
        for (RawSection raw : sections) {
            RawSection s = doubleParens(raw);
            String name = s.name().toLowerCase(Locale.ROOT);
            if (name.equals("circus")) {
                out.add(circus(s));
            } else if (name.startsWith("watcher:")) {
                watchers.add(withUmask(s, umask));
            } else if (name.equals("env")) {
                globalEnv = s;
            } else if (name.startsWith("env:")) {
                for (String w : s.name().substring(4).split(",")) {
                    envs.computeIfAbsent(w.strip(), k -> new LinkedHashMap<>()).putAll(s.entries());
                    envHeaders.putIfAbsent(w.strip(), s);
                }
            } else if (name.startsWith("socket:")) {
                out.add(s); // jsuper's own section too (docs/zero-downtime.md)
            } else if (name.startsWith("plugin:")) {
                errors.warn(s, "Circus plugins are Python code and do not run in jsuper: not loaded",
                        "an external monitor using jsuperctl or the HTTP API");
            } else {
                out.add(s); // jsuper's own sections, or a mistake the validator names
            }
        }
        for (RawSection w : watchers) {
            String name = w.name().substring(KnownKeys.WATCHER_PREFIX.length()).strip();
            Map<String, RawEntry> env = new LinkedHashMap<>();
            if (globalEnv != null) {
                env.putAll(globalEnv.entries());
            }
            Map<String, RawEntry> own = envs.remove(name);
            if (own != null) {
                env.putAll(own);
            }
            CircusWatcher.Result r = CircusWatcher.translate(w, env, environment, errors, asCircus);
            out.add(r.watcher());
            RawSection header = envHeaders.get(name) != null ? envHeaders.get(name)
                    : globalEnv != null ? globalEnv : r.env().isEmpty() ? null : w;
            if (header != null) {
                out.add(new RawSection(KnownKeys.ENV_PREFIX + name, header.file(), header.line(), r.env(), header.name()));
            }
        }
        envs.forEach((name, entries) -> {
            RawSection header = envHeaders.get(name); // [env:a,b] as written, for the validator's error
            out.add(new RawSection(KnownKeys.ENV_PREFIX + name, header.file(), header.line(), entries, header.name()));
        });
        return out;
    }

    private RawSection circus(RawSection s) {
        Map<String, RawEntry> daemon = new LinkedHashMap<>();
        List<RawEntry> endpoints = new ArrayList<>();
        for (RawEntry e : s.entries().values()) {
            String v = e.value().strip();
            switch (e.key()) {
                case "pidfile", "include", "include_dir" -> daemon.put(e.key(), rename(e, e.key(), v));
                case "loglevel" -> daemon.put("loglevel", e.translated(KnownKeys.DAEMON_SECTION, "loglevel",
                        LOG_LEVELS.getOrDefault(v.toLowerCase(Locale.ROOT), v), "critical, error, warning, info or debug"));
                case "logoutput" -> {
                    if (v.equals("-") || v.startsWith("/dev/") || v.startsWith("udp:") || v.startsWith("tcp:")) {
                        errors.warn(e, "logoutput " + v + " is not opened", "jsuperd logs to its own standard output");
                    } else {
                        daemon.put("logfile", rename(e, "logfile", v));
                    }
                }
                case "debug" -> {
                    if (isTrue(v)) {
                        daemon.put("loglevel", rename(e, "loglevel", "debug"));
                    }
                }
                case "endpoint", "pubsub_endpoint", "stats_endpoint", "multicast_discovery", "multicast_endpoint",
                     "endpoint_owner", "papa_endpoint", "statsd", "statsd_host", "statsd_port", "statsd_close_outputs",
                     "httpd", "httpd_host", "httpd_port", "httpd_close_outputs", "check_delay" -> {
                    if (!switchedOff(s, e.key())) {
                        endpoints.add(e);
                    }
                }
                case "warmup_delay" -> errors.warn(e, "a delay between watchers at start is not supported, ignored: "
                        + "watchers start one after the other by priority without waiting", "warmup_delay in each [watcher:x] "
                        + "(a delay between its processes), or a readiness probe (ready = ...)");
                case "umask" -> { } // every watcher's default (Inheritance), as circusd's children inherit it
                case "loggerconfig", "debug_gc", "stream_backend" -> errors.warn(e, "not supported, ignored",
                        "jsuperd's log is configured by logfile and loglevel");
                default -> errors.warn(e, "unknown [circus] option, ignored", "see docs/compatibility.md");
            }
        }
        if (!endpoints.isEmpty()) {
            errors.warn(endpoints.get(0), "Circus's ZeroMQ endpoints, statsd sender and web console do not exist in jsuper: "
                    + endpoints.stream().map(RawEntry::key).collect(java.util.stream.Collectors.joining(", ")) + " ignored",
                    "jsuperctl and the HTTP API on jsuperd's unix socket (http = 127.0.0.1:PORT in [jsuperd] for TCP), "
                    + "events at /events, metrics for Prometheus at /metrics (see docs/migrating.md)");
        }
        return new RawSection(KnownKeys.DAEMON_SECTION, s.file(), s.line(), daemon, s.name());
    }

    /** {@code statsd = false} / {@code httpd = false} (Circus's defaults) and their settings: what jsuper does too. */
    private static boolean switchedOff(RawSection circus, String key) {
        for (String feature : List.of("statsd", "httpd")) {
            if (key.startsWith(feature)) {
                RawEntry on = circus.get(feature);
                return on == null || !isTrue(on.value());
            }
        }
        return false;
    }

    /** {@code ((circus.x))} is Circus's other spelling of {@code $(circus.x)}. */
    private static RawSection doubleParens(RawSection s) {
        Map<String, RawEntry> entries = new LinkedHashMap<>();
        s.entries().forEach((k, e) -> {
            Matcher m = DOUBLE_PARENS.matcher(e.value());
            entries.put(k, m.find() ? new RawEntry(e.section(), k, m.replaceAll("\\$($1)"), e.file(), e.line(), e.origin()) : e);
        });
        return s.withEntries(entries);
    }

    static boolean isTrue(String v) {
        try {
            return Converters.bool(v);
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** An error in the [jsuperd] key names the [circus] option it came from. */
    private static RawEntry rename(RawEntry e, String key, String value) {
        return e.translated(KnownKeys.DAEMON_SECTION, key, value);
    }
}
