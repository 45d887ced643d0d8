package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one supervisord file: {@code [supervisord]}, {@code [include]} and the HTTP server sections become
 * {@code [jsuperd]}, each {@code [program:x]} one watcher per process ({@link SupervisordProgram}); what
 * jsuper does not do (FastCGI programs, options without an
 * equivalent) is a warning naming file and line.
 */
final class SupervisordTranslator {

    /** What supervisord takes, where jsuper's reader of the [jsuperd] key would describe jsuper's own syntax. */
    private static final Map<String, String> EXPECTED = Map.of(
            "loglevel", "critical, error, warn, info, debug, trace or blather",
            "http", "PORT or HOST:PORT with a loopback HOST and a port 1..65535, e.g. port = 127.0.0.1:9001");

    private final Map<String, String> environment;
    private final ErrorList errors;
    private final Map<String, RawEntry> daemon = new LinkedHashMap<>();
    private RawSection daemonAnchor;
    private final SupervisordDaemonSection.ProgramDefaults defaults;

    private final boolean root;

    private SupervisordTranslator(Map<String, String> environment, ErrorList errors,
                                  SupervisordDaemonSection.ProgramDefaults defaults, boolean root) {
        this.root = root;
        this.environment = environment;
        this.errors = errors;
        this.defaults = defaults;
    }

    static List<RawSection> translate(List<RawSection> sections, Map<String, String> environment, ErrorList errors,
                                      SupervisordDaemonSection.Inheritance inheritance) {
        SupervisordTranslator t = new SupervisordTranslator(environment, errors,
                inheritance.forFile(sections, environment, errors), inheritance.root());
        List<RawSection> out = new ArrayList<>();
        for (RawSection s : sections) {
            if (s.name().toLowerCase(Locale.ROOT).startsWith("eventlistener:")) {
                out.addAll(SupervisordEventListener.translate(s, sections, environment, t.defaults, errors));
            } else {
                t.section(s, out);
            }
        }
        SupervisordGroups.apply(sections, out, errors);
        if (t.daemonAnchor != null) {
            out.add(0, new RawSection(KnownKeys.DAEMON_SECTION, t.daemonAnchor.file(), t.daemonAnchor.line(), t.daemon,
                    t.daemonAnchor.name()));
        }
        return out;
    }

    private void section(RawSection s, List<RawSection> out) {
        String name = s.name().toLowerCase(Locale.ROOT);
        String kind = name.contains(":") ? name.substring(0, name.indexOf(':') + 1) : name;
        switch (kind) {
            case "supervisord" -> supervisord(s);
            case "include" -> include(s);
            case "unix_http_server" -> unixServer(s);
            case "inet_http_server" -> inetServer(s);
            case "program:" -> out.addAll(SupervisordProgram.translate(s, environment, defaults, errors));
            case "supervisorctl" -> errors.warn(s, "client settings, not read by the daemon",
                    "supervisorctl and jsuperctl reach jsuperd through the [unix_http_server] file");
            case "rpcinterface:" -> errors.warn(s, "RPC interface factories are Python plugins",
                    "not loaded: jsuperd serves supervisord's XML-RPC at /RPC2 itself (see docs/compatibility.md)");
            case "group:" -> { } // SupervisordGroups, once every program of the file is translated
            case "fcgi-program:" -> errors.warn(s, "FastCGI programs (a shared socket) are not supported: not started",
                    "a [program:x] that opens its own socket");
            default -> errors.warn(s, "section unknown to supervisord and jsuper, ignored (as supervisord does)",
                    "remove it, or check its spelling");
        }
    }

    private void supervisord(RawSection s) {
        anchor(s);
        SupervisordDaemonSection.translate(s, this::put, SupervisordDaemonSection.processLimit(), root, errors);
    }

    private void include(RawSection s) {
        anchor(s);
        RawEntry files = s.get("files");
        if (files == null) {
            errors.at(s, "files", "[include] without files", "files = conf.d/*.conf (supervisord requires it)");
        } else {
            put("include", files, existingIncludes(files, SupervisordProgram.commonExpand(files, environment, errors)));
        }
        s.entries().values().stream().filter(e -> !e.key().equals("files"))
                .forEach(e -> errors.warn(e, "unknown [include] option, ignored", "files = ..."));
    }

    /**
     * supervisord globs every name, so a file that does not exist is "No file matches via include" (a warning,
     * nothing included), not an error: keep that meaning, and the warning.
     */
    private String existingIncludes(RawEntry files, String expanded) {
        java.nio.file.Path dir = files.file().toAbsolutePath().getParent();
        List<String> kept = new ArrayList<>();
        for (String token : expanded.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean glob = token.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
            if (glob || java.nio.file.Files.isRegularFile(dir.resolve(token))) {
                kept.add(token);
            } else {
                errors.warn(files, "no file matches " + dir.resolve(token).normalize() + ": nothing included from it "
                        + "(supervisord warns and goes on too)", "an existing file, or remove it from files");
            }
        }
        return String.join(" ", kept);
    }

    private void unixServer(RawSection s) {
        anchor(s);
        for (RawEntry e : s.entries().values()) {
            switch (e.key()) {
                case "file" -> put("socket", e, SupervisordProgram.commonExpand(e, environment, errors));
                case "chown" -> put("socket_group", e, e.value().contains(":")
                        ? e.value().substring(e.value().indexOf(':') + 1).strip() : e.value().strip());
                case "chmod" -> errors.warn(e, "the socket's mode is fixed by jsuperd (owner and socket_group only)",
                        "chown = USER:GROUP to let a group use it");
                case "username", "password" -> credential(s, e, "socket_");
                default -> errors.warn(e, "unknown [unix_http_server] option, ignored", "file, chmod, chown");
            }
        }
    }

    /** supervisord refuses a username without a password (and the reverse): said in its terms, not jsuper's. */
    private void credential(RawSection s, RawEntry e, String prefix) {
        String other = e.key().equals("username") ? "password" : "username";
        if (e.value().isBlank()) {
            return; // not set, as in supervisord
        }
        if (s.get(other) == null || s.get(other).value().isBlank()) {
            errors.at(e, "set without " + other, "both username and password, or neither (supervisord refuses one alone too)");
        } else {
            put(prefix + e.key(), e, e.value().strip());
        }
    }

    private void inetServer(RawSection s) {
        anchor(s);
        for (RawEntry e : s.entries().values()) {
            switch (e.key()) {
                case "port" -> inetPort(e);
                case "username", "password" -> credential(s, e, "http_");
                default -> errors.warn(e, "unknown [inet_http_server] option, ignored", "port, username, password");
            }
        }
    }

    /** Only loopback is opened: supervisord's password does not carry over, so a wider address would be open. */
    private void inetPort(RawEntry e) {
        String v = e.value().strip();
        String host = v.contains(":") ? v.substring(0, v.lastIndexOf(':')).strip() : "";
        String port = v.substring(v.lastIndexOf(':') + 1).strip();
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]")) {
            put("http", e, host + ":" + port);
        } else {
            errors.warn(e, "port " + v + " is not opened (not a loopback address, and supervisord's password "
                    + "does not apply to jsuper's API)", "the unix socket, or http = 127.0.0.1:" + port);
        }
    }

    /** An error in a [jsuperd] key names the option of [supervisord] etc. it came from, in supervisord's terms. */
    private void put(String key, RawEntry from, String value) {
        daemon.put(key, from.translated(KnownKeys.DAEMON_SECTION, key, value, EXPECTED.get(key)));
    }

    private void anchor(RawSection s) {
        if (daemonAnchor == null) {
            daemonAnchor = s;
        }
    }
}
