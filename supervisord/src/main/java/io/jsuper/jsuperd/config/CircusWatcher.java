package io.jsuper.jsuperd.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Circus {@code [watcher:x]} with its environment: {@code $VAR} / {@code ${VAR}} in env values expand
 * against the variables above them and jsuperd's environment (as Circus does), {@code $(circus.env.x)}
 * resolves against the watcher's own env first, any case. Circus options without an equivalent are warnings;
 * {@code hooks.*} are errors (they cannot work); {@code use_sockets} and {@code $(circus.sockets.x)} are jsuper's own.
 */
final class CircusWatcher {

    record Result(RawSection watcher, Map<String, RawEntry> env) {
    }

    private static final Pattern SHELL_VAR = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern CIRCUS_ENV = Pattern.compile("\\$\\(circus\\.env\\.([^)]+)\\)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> FILE_STREAMS = Set.of("FileStream", "TimedRotatingFileStream", "WatchedFileStream");
    private static final Set<String> STDOUT_STREAMS = Set.of("StdoutStream", "FancyStdoutStream");
    /** jsuper's own class names, which a file of only [watcher:x] sections may use. */
    private static final Set<String> JSUPER_STREAMS = Set.of("console", "stdout", "stderr");
    /** Circus's own stream options, then jsuper's (a file of only [watcher:x] sections may use either). */
    private static final Set<String> STREAM_KEYS = Set.of("class", "filename", "max_bytes", "backup_count",
            "rotate_when", "rotate_interval", "utc", "max_total_bytes", "compress", "time_format");
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("copy_path", "Python's sys.path is not added to PYTHONPATH"),
            Map.entry("virtualenv_py_ver", "not applied: set PATH and VIRTUAL_ENV in [env:x]"),
            Map.entry("max_age", "processes are not recycled by age"),
            Map.entry("max_age_variance", "processes are not recycled by age"),
            Map.entry("on_demand", "processes start as autostart says, not on first connection"),
            Map.entry("close_child_stdin", "a child's stdin is always /dev/null"),
            Map.entry("close_child_stdout", "output is always captured"),
            Map.entry("close_child_stderr", "output is always captured"),
            Map.entry("use_papa", "papa is not supported"),
            Map.entry("shell_args", "not applied: put the shell's arguments in cmd"),
            Map.entry("loggerconfig", "jsuperd's log is configured by logfile and loglevel"));

    /**
     * Every option of Circus's {@code [watcher:x]} (0.18; docs/migrating.md lists each one): jsuper's own name,
     * one of {@link #IGNORED}, or handled here. {@code rlimit_*} and {@code hooks.*} stand for their families.
     */
    static final Set<String> CIRCUS_OPTIONS = circusOptions();

    private static Set<String> circusOptions() {
        Set<String> keys = new java.util.TreeSet<>(List.of("cmd", "args", "shell", "shell_args", "working_dir", "uid",
                "gid", "copy_env", "copy_path", "warmup_delay", "autostart", "numprocesses", "rlimit_*", "respawn",
                "send_hup", "stop_signal", "stop_children", "max_retry", "graceful_timeout", "priority", "singleton",
                "use_sockets", "max_age", "max_age_variance", "hooks.*", "virtualenv", "virtualenv_py_ver", "close_child_stdin",
                "close_child_stdout", "close_child_stderr", "use_papa", "on_demand", "loggerconfig"));
        for (String stream : List.of("stdout_stream.", "stderr_stream.")) {
            for (String sub : List.of("class", "filename", "max_bytes", "backup_count", "time_format")) {
                keys.add(stream + sub);
            }
        }
        return java.util.Collections.unmodifiableSet(keys);
    }

    /** Whether this reader honours or warns about {@code option} (one of {@link #CIRCUS_OPTIONS}). */
    static boolean handles(String option) {
        return KnownKeys.WATCHER.contains(option) || IGNORED.containsKey(option)
                || List.of("virtualenv", "singleton", "hooks.*").contains(option)
                || option.equals("rlimit_*") && KnownKeys.WATCHER.stream().anyMatch(k -> k.startsWith("rlimit_"));
    }

    private final RawSection section;
    private final String name;
    private final Map<String, String> environment;
    private final ErrorList errors;
    private final Map<String, String> envValues = new LinkedHashMap<>();
    /** Read as Circus reads it (no [jsuperd] in the file): unknown options and Python stream classes are warnings. */
    private final boolean asCircus;

    private CircusWatcher(RawSection section, Map<String, String> environment, ErrorList errors, boolean asCircus) {
        this.asCircus = asCircus;
        this.section = section;
        this.name = section.name().substring(KnownKeys.WATCHER_PREFIX.length()).strip();
        this.environment = environment;
        this.errors = errors;
    }

    static Result translate(RawSection section, Map<String, RawEntry> env, Map<String, String> environment,
                            ErrorList errors, boolean asCircus) {
        CircusWatcher w = new CircusWatcher(section, environment, errors, asCircus);
        Map<String, RawEntry> expandedEnv = w.environment(env);
        w.virtualenv(expandedEnv);
        return new Result(w.watcher(), expandedEnv);
    }

    private Map<String, RawEntry> environment(Map<String, RawEntry> env) {
        Map<String, RawEntry> out = new LinkedHashMap<>();
        for (RawEntry e : env.values()) {
            String value = expandShellVars(e);
            envValues.put(e.key(), value);
            out.put(e.key(), e.translated(KnownKeys.ENV_PREFIX + name, e.key(), value)); // errors name [env:a,b] or [env]
        }
        return out;
    }

    /**
     * Circus's {@code virtualenv = DIR}: {@code DIR/bin} first on PATH and {@code VIRTUAL_ENV} set, unless the
     * watcher's env sets them itself. (Circus also adds the virtualenv's site-packages to PYTHONPATH; that is
     * not done, and said.)
     */
    private void virtualenv(Map<String, RawEntry> env) {
        RawEntry venv = section.get("virtualenv");
        if (venv == null || venv.value().isBlank()) {
            return;
        }
        String dir = venv.value().strip();
        String sectionName = KnownKeys.ENV_PREFIX + name;
        env.putIfAbsent("VIRTUAL_ENV", venv.translated(sectionName, "VIRTUAL_ENV", dir));
        if (!env.containsKey("PATH")) {
            String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").replace("%", "%%");
            env.put("PATH", venv.translated(sectionName, "PATH", dir + "/bin:" + path));
        }
        errors.warn(venv, "its bin/ is put first on PATH and VIRTUAL_ENV is set, but its site-packages "
                + "are not added to PYTHONPATH", "run the virtualenv's own python (DIR/bin/python) as cmd");
    }

    /** Circus expands $VAR in env values against the variables defined so far, then jsuperd's environment. */
    private String expandShellVars(RawEntry e) {
        Matcher m = SHELL_VAR.matcher(e.value());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1) != null ? m.group(1) : m.group(2);
            String value = envValues.containsKey(var) ? envValues.get(var) : environment.get(var);
            if (value == null) {
                errors.warn(e, "$" + var + " is not set in jsuperd's environment: kept as written", "a variable jsuperd has");
                value = m.group();
            } else if (!envValues.containsKey(var)) {
                value = value.replace("%", "%%");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private RawSection watcher() {
        Map<String, RawEntry> out = new LinkedHashMap<>();
        for (RawEntry e : section.entries().values()) {
            String key = e.key();
            if (key.startsWith("hooks.")) {
                errors.at(e, "Circus hooks are Python callables and cannot run in jsuper",
                        "remove it; run the step in a wrapper script as cmd (shell = true if needed)");
            } else if (IGNORED.containsKey(key)) {
                if (CircusTranslator.isTrue(e.value()) || !isBoolean(e.value())) {
                    errors.warn(e, "ignored: " + IGNORED.get(key), "see docs/compatibility.md");
                }
            } else if (key.equals("virtualenv")) {
                continue; // applied to the environment, see virtualenv()
            } else if (key.equals("singleton")) {
                singleton(e);
            } else if (key.startsWith("stdout_stream.") || key.startsWith("stderr_stream.")) {
                stream(e).ifPresent(kept -> out.put(key, kept));
            } else if (asCircus && !KnownKeys.WATCHER.contains(key) && ConfigValidator.suggest(key, KnownKeys.WATCHER, true).isEmpty()) {
                // Circus passes unknown options on and ignores them; a likely typo stays an error (the validator's).
                errors.warn(e, "not an option of Circus or jsuper, ignored (as Circus does)"
                        + (key.equals(key.toUpperCase(Locale.ROOT)) ? "; it looks like an environment variable" : ""),
                        "an [env:" + name + "] entry if it is one, else remove it");
            } else {
                out.put(key, circusEnv(e));
            }
        }
        return section.withEntries(out);
    }

    private void singleton(RawEntry e) {
        RawEntry n = section.get("numprocesses");
        if (CircusTranslator.isTrue(e.value()) && n != null && !n.value().strip().equals("1")) {
            errors.warn(e, "singleton = true but numprocesses = " + n.value().strip() + ": jsuper runs numprocesses",
                    "numprocesses = 1");
        }
    }

    private Optional<RawEntry> stream(RawEntry e) {
        String sub = e.key().substring(e.key().indexOf('.') + 1);
        if (!STREAM_KEYS.contains(sub)) {
            errors.warn(e, "stream option " + sub + " is not supported, ignored",
                    "class, filename, max_bytes, backup_count, rotate_when, rotate_interval, utc, max_total_bytes, compress, time_format");
            return Optional.empty();
        }
        if (asCircus && sub.equals("filename")) {
            relativeFilename(e);
        }
        if (!sub.equals("class")) {
            return Optional.of(circusEnv(e));
        }
        String cls = e.value().strip();
        String simple = cls.startsWith("circus.stream.") ? cls.substring("circus.stream.".length()) : cls;
        if (STDOUT_STREAMS.contains(simple)) {
            return Optional.of(new RawEntry(e.section(), e.key(), "stdout", e.file(), e.line(), e.origin())); // jsuperd's stdout
        }
        if (FILE_STREAMS.contains(simple) && !simple.equals("FileStream")) {
            errors.warn(e, simple + " is read as FileStream: rotation by size (max_bytes), not by time or by watching",
                    "FileStream");
            return Optional.empty();
        }
        if (asCircus && !FILE_STREAMS.contains(simple) && !JSUPER_STREAMS.contains(simple)) {
            // A Python class of the user's own: it cannot be loaded, but the output must still go somewhere known.
            errors.warn(e, "\"" + cls + "\" is a Python stream class and cannot be loaded in jsuper: the output goes to "
                    + "jsuper's default file for " + e.key().substring(0, e.key().indexOf('_')) + " under logdir instead",
                    "FileStream, StdoutStream, or remove the option");
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** Circus opens a relative name from circusd's working directory; jsuper from logdir: said, not silent. */
    private void relativeFilename(RawEntry e) {
        String v = e.value().strip();
        if (!v.isEmpty() && !v.startsWith("/") && !v.startsWith("$(") && !v.startsWith("%(")) {
            errors.warn(e, "relative file name " + v + ": Circus opens it in circusd's working directory, jsuper under "
                    + "logdir (logdir/" + v + ")", "an absolute path, or %(here)s/" + v + " for the config file's directory");
        }
    }

    /** {@code $(circus.env.x)} from this watcher's env (any case); the rest is left to the interpolator. */
    private RawEntry circusEnv(RawEntry e) {
        Matcher m = CIRCUS_ENV.matcher(e.value());
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        while (m.find()) {
            Optional<String> own = ownEnv(m.group(1));
            changed |= own.isPresent();
            m.appendReplacement(out, Matcher.quoteReplacement(own.orElse(m.group())));
        }
        m.appendTail(out);
        return changed ? new RawEntry(e.section(), e.key(), out.toString(), e.file(), e.line(), e.origin()) : e;
    }

    private Optional<String> ownEnv(String var) {
        if (envValues.containsKey(var)) {
            return Optional.of(envValues.get(var));
        }
        List<String> matches = envValues.keySet().stream().filter(k -> k.equalsIgnoreCase(var)).toList();
        return matches.size() == 1 ? Optional.of(envValues.get(matches.get(0))) : Optional.empty();
    }

    private static boolean isBoolean(String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        return List.of("true", "false", "yes", "no", "on", "off", "1", "0").contains(t);
    }
}
