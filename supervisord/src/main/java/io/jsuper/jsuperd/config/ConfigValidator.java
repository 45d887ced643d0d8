package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Structural checks on the raw sections of all files: section names, watcher names, duplicates
 * across files, unknown keys (with a did-you-mean), required {@code cmd}, env sections without a
 * watcher. Value checks happen while binding; both report to the same {@link ErrorList}.
 */
final class ConfigValidator {

    static final Pattern WATCHER_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    static final String RESERVED_NAME = "all";

    /** Options of supervisord's {@code [program:x]} and what jsuper calls them. */
    private static final Map<String, String> SUPERVISORD_NAMES = Map.ofEntries(
            Map.entry("command", "cmd"), Map.entry("directory", "working_dir"), Map.entry("user", "uid"),
            Map.entry("environment", "env"), Map.entry("numprocs", "numprocesses"),
            Map.entry("stopsignal", "stop_signal"), Map.entry("stopwaitsecs", "graceful_timeout"),
            Map.entry("startretries", "max_retry"), Map.entry("stopasgroup", "stop_children"),
            Map.entry("killasgroup", "stop_children"), Map.entry("stdout_logfile", "stdout_stream.filename"),
            Map.entry("stderr_logfile", "stderr_stream.filename"),
            Map.entry("stdout_logfile_maxbytes", "stdout_stream.max_bytes"),
            Map.entry("stderr_logfile_maxbytes", "stderr_stream.max_bytes"),
            Map.entry("stdout_logfile_backups", "stdout_stream.backup_count"),
            Map.entry("stderr_logfile_backups", "stderr_stream.backup_count"));

    /** The sections that passed the checks, keyed by watcher name, in file order. */
    record Sections(Map<String, RawSection> watchers, Map<String, RawSection> envs, Map<String, RawSection> sockets) {
    }

    private final ErrorList errors;
    private final Path baseDir;
    private final Map<String, RawSection> watchers = new LinkedHashMap<>();
    private final Map<String, RawSection> envs = new LinkedHashMap<>();
    private final Map<String, RawSection> sockets = new LinkedHashMap<>();

    private ConfigValidator(ErrorList errors, Path baseDir) {
        this.errors = errors;
        this.baseDir = baseDir;
    }

    /** {@code baseDir} (the main file's directory) only shortens file names in messages. */
    static Sections check(RawSection daemon, List<RawSection> sections, Path baseDir, ErrorList errors) {
        ConfigValidator v = new ConfigValidator(errors, baseDir);
        if (daemon != null) {
            v.checkKeys(daemon, KnownKeys.DAEMON);
        }
        for (RawSection s : sections) {
            v.sortSection(s);
        }
        for (RawSection w : v.watchers.values()) {
            v.checkKeys(w, KnownKeys.WATCHER);
            RawEntry cmd = w.get("cmd");
            if (cmd == null || cmd.value().isBlank()) {
                errors.at(w, "cmd", cmd == null ? "missing" : "empty", "the command to run, e.g. cmd = /usr/bin/python3 app.py");
            }
        }
        for (RawSection s : v.sockets.values()) {
            v.checkKeys(s, SocketBinder.KEYS);
        }
        v.envs.forEach((name, env) -> v.checkEnvTarget(name, env));
        return new Sections(v.watchers, v.envs, v.sockets);
    }

    private void sortSection(RawSection s) {
        String name = s.name();
        if (name.startsWith(KnownKeys.WATCHER_PREFIX)) {
            String watcher = name.substring(KnownKeys.WATCHER_PREFIX.length()).strip();
            if (checkWatcherName(s, watcher)) {
                putOnce(watchers, watcher, s, "watcher " + watcher);
            }
        } else if (name.startsWith(KnownKeys.SOCKET_PREFIX)) {
            String socket = name.substring(KnownKeys.SOCKET_PREFIX.length()).strip();
            if (!WATCHER_NAME.matcher(socket).matches()) {
                errors.at(s, null, "\"" + socket + "\" is not a valid socket name", "letters, digits, '_', '.' and '-'");
            } else {
                putOnce(sockets, socket, s, "socket " + socket);
            }
        } else if (name.startsWith(KnownKeys.ENV_PREFIX)) {
            putOnce(envs, name.substring(KnownKeys.ENV_PREFIX.length()).strip(), s, "section [" + name + "]");
        } else {
            errors.inFile(s.file(), s.line(), "unknown section [" + name + "]", sectionHint(name));
        }
    }

    private boolean checkWatcherName(RawSection s, String watcher) {
        String what = s.translated() ? "process name" : "watcher name";
        if (!WATCHER_NAME.matcher(watcher).matches()) {
            errors.at(s, null, "\"" + watcher + "\" is not a valid " + what, "letters, digits, '_', '.' and '-'");
            return false;
        }
        if (watcher.equals(RESERVED_NAME)) {
            errors.at(s, null, "\"all\" is reserved (jsuperctl uses it for every watcher)", "any other " + what);
            return false;
        }
        return true;
    }

    private void putOnce(Map<String, RawSection> map, String key, RawSection s, String what) {
        RawSection earlier = map.putIfAbsent(key, s);
        if (earlier == null) {
            return;
        }
        if (!s.translated() && !earlier.translated()) {
            errors.inFile(s.file(), s.line(), what + " is defined twice: at " + where(earlier) + " and at " + where(s),
                    "each section once across all included files");
        } else if (s.name().startsWith(KnownKeys.WATCHER_PREFIX)) {
            errors.at(s, null, sameProcessName(key, earlier, s), "a process_name that gives every process of every "
                    + "program its own name, e.g. process_name = %(program_name)s_%(process_num)02d");
        } // else: the env section of a process named twice, already reported with its process
    }

    /**
     * Two supervisord programs (or event listeners) whose processes end up with one name: supervisord keeps them
     * apart by group ({@code a:web}, {@code b:web}); jsuper's names have no group part.
     */
    private String sameProcessName(String name, RawSection earlier, RawSection s) {
        if (earlier.writtenName().equals(s.writtenName()) && earlier.file().equals(s.file())) {
            return "gives the process name " + name + " twice";
        }
        return "process name " + name + " is taken by [" + earlier.writtenName() + "] at " + where(earlier)
                + " too: jsuper's process names have no group part (supervisord calls them " + groupName(earlier) + ":"
                + name + " and " + groupName(s) + ":" + name + ")";
    }

    private static String groupName(RawSection s) {
        RawEntry group = s.get("group");
        return group == null ? s.writtenName().substring(s.writtenName().indexOf(':') + 1) : group.value();
    }

    private void checkKeys(RawSection s, Set<String> known) {
        for (RawEntry e : s.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            Optional<String> suggestion = suggest(e.key(), known, s.name().startsWith(KnownKeys.WATCHER_PREFIX));
            String found = "unknown option \"" + e.key() + "\"" + suggestion.map(k -> "; did you mean " + k + "?").orElse("");
            errors.at(e, found, "one of the options listed in docs/configuration.md for [" + sectionKind(s.name()) + "]");
        }
    }

    /** The closest known key; in watchers, supervisord's names (even misspelt) map to jsuper's. */
    static Optional<String> suggest(String key, Set<String> known, boolean watcher) {
        if (!watcher) {
            return DidYouMean.closest(key, known);
        }
        Set<String> candidates = new java.util.LinkedHashSet<>(known);
        candidates.addAll(SUPERVISORD_NAMES.keySet());
        return DidYouMean.closest(key, candidates).map(k -> SUPERVISORD_NAMES.getOrDefault(k, k));
    }

    private void checkEnvTarget(String name, RawSection env) {
        if (watchers.containsKey(name)) {
            return;
        }
        Optional<String> close = DidYouMean.closest(name, watchers.keySet());
        if (env.translated()) { // Circus's [env:a,b]: one of the names it lists
            errors.inFile(env.file(), env.line(), "[" + env.writtenName() + "] names " + name + ", which is no watcher"
                    + close.map(w -> "; did you mean " + w + "?").orElse(""), "the names of [watcher:NAME] sections "
                    + "in this or an included file");
            return;
        }
        errors.inFile(env.file(), env.line(), "[env:" + name + "] belongs to no watcher"
                        + close.map(w -> "; did you mean [env:" + w + "]?").orElse(""),
                "a [watcher:" + name + "] section in this or an included file");
    }

    private static String sectionHint(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("program:")) {
            return "[watcher:" + name.substring("program:".length()) + "]: supervisord's [program:x] is spelled [watcher:x] in jsuper";
        }
        if (lower.equals("supervisord") || lower.equals("circus")) {
            return "[jsuperd]: the daemon's own section is spelled [jsuperd] in jsuper";
        }
        if (lower.equals("include")) {
            return "include = FILES in [jsuperd] instead of an [include] section";
        }
        if (lower.startsWith("plugin:") || lower.startsWith("group:")
                || lower.startsWith("eventlistener:") || lower.startsWith("fcgi-program:")) {
            return "[jsuperd], [watcher:NAME], [env:NAME] or [socket:NAME]; " + name.substring(0, name.indexOf(':') + 1)
                    + " sections are not supported by jsuper";
        }
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon + 1);
        String rest = colon < 0 ? "" : name.substring(colon + 1);
        return DidYouMean.closest(kind, List.of("jsuperd", "watcher:", "env:", "socket:"))
                .map(k -> "[" + k + (k.endsWith(":") ? rest : "") + "] (did you mean it?)")
                .orElse("[jsuperd], [watcher:NAME], [env:NAME] or [socket:NAME]");
    }

    private static String sectionKind(String name) {
        return name.startsWith(KnownKeys.WATCHER_PREFIX) ? "watcher:NAME"
                : name.startsWith(KnownKeys.SOCKET_PREFIX) ? "socket:NAME" : name;
    }

    private String where(RawSection s) {
        return new ConfigError(s.file(), s.line(), null, null, "", "").location(baseDir);
    }
}
