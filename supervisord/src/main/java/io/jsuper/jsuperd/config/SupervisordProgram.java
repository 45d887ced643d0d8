package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One {@code [program:x]} as supervisord reads it, turned into one {@code [watcher:NAME]} (and
 * {@code [env:NAME]}) per process: {@code numprocs} processes named by {@code process_name}, each with its
 * {@code %(process_num)d} expanded. supervisord's defaults that differ from jsuper's are written out
 * (autorestart = unexpected, startretries = 3, stopwaitsecs = 10, the environment inherited), and its
 * priority is negated: supervisord starts the lowest first, jsuper the highest.
 */
final class SupervisordProgram {

    static final int DEFAULT_PRIORITY = 999;
    private static final String LOGFILE = "AUTO, NONE, /dev/stdout, /dev/stderr or the path of a regular file";

    /** supervisord 4.x option → jsuper option, where the value carries over as written. */
    private static final Map<String, String> SAME_MEANING = Map.ofEntries(
            Map.entry("command", "cmd"), Map.entry("directory", "working_dir"), Map.entry("user", "uid"),
            Map.entry("autostart", "autostart"), Map.entry("autorestart", "autorestart"),
            Map.entry("startsecs", "startsecs"), Map.entry("startretries", "max_retry"),
            Map.entry("exitcodes", "exitcodes"), Map.entry("stopsignal", "stop_signal"),
            Map.entry("stopwaitsecs", "graceful_timeout"), Map.entry("umask", "umask"),
            Map.entry("redirect_stderr", "redirect_stderr"),
            Map.entry("stdout_events_enabled", "stdout_events_enabled"),
            Map.entry("stdout_capture_maxbytes", "stdout_capture_maxbytes"),
            Map.entry("stderr_capture_maxbytes", "stderr_capture_maxbytes"),
            Map.entry("stderr_events_enabled", "stderr_events_enabled"),
            Map.entry("stdout_logfile_maxbytes", "stdout_stream.max_bytes"),
            Map.entry("stdout_logfile_backups", "stdout_stream.backup_count"),
            Map.entry("stderr_logfile_maxbytes", "stderr_stream.max_bytes"),
            Map.entry("stderr_logfile_backups", "stderr_stream.backup_count"));

    /** Handled apart: consumed by the expansion, or mapped with a rule. */
    private static final Set<String> SPECIAL = Set.of("process_name", "numprocs", "numprocs_start", "priority",
            "environment", "stdout_logfile", "stderr_logfile", "stopasgroup", "killasgroup");

    /** Accepted, without effect in jsuper: each one set is a warning. */
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("stdout_syslog", "output to syslog is not supported; output goes to the log file"),
            Map.entry("stderr_syslog", "output to syslog is not supported; output goes to the log file"),
            Map.entry("serverurl", "no SUPERVISOR_SERVER_URL is set for the process"));

    /**
     * What supervisord takes for an option, where jsuper's reader would describe its own wider syntax
     * (a duration with units, any signal): an error names the option as written and this.
     */
    private static final Map<String, String> EXPECTED = Map.of(
            "stopsignal", "TERM, HUP, INT, QUIT, KILL, USR1 or USR2",
            "startsecs", "a whole number of seconds, 0 or more, e.g. startsecs = 1",
            "stopwaitsecs", "a whole number of seconds, 0 or more, e.g. stopwaitsecs = 10",
            "startretries", "a whole number, 0 or more, e.g. startretries = 3",
            "stdout_logfile", LOGFILE, "stderr_logfile", LOGFILE);

    /** Booleans that jsuper does not read (see {@link #IGNORED}, stopasgroup): still checked, as supervisord does. */
    private static final Set<String> BOOLEANS = Set.of("stopasgroup", "killasgroup", "stdout_syslog", "stderr_syslog");

    private static final Set<String> DEV_OUTPUT = Set.of("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2",
            "/proc/self/fd/1", "/proc/self/fd/2");

    private final RawSection section;
    private final String program;
    private final Map<String, String> environment;
    private final ErrorList errors;
    private final SupervisordDaemonSection.ProgramDefaults defaults;

    private SupervisordProgram(RawSection section, Map<String, String> environment,
                               SupervisordDaemonSection.ProgramDefaults defaults, ErrorList errors) {
        this.section = section;
        this.defaults = defaults;
        this.program = section.name().substring(section.name().indexOf(':') + 1).strip();
        this.environment = environment;
        this.errors = errors;
    }

    static List<RawSection> translate(RawSection section, Map<String, String> environment,
                                      SupervisordDaemonSection.ProgramDefaults defaults, ErrorList errors) {
        return new SupervisordProgram(section, environment, defaults, errors).processes();
    }

    /** Expands %(here)s, %(host_node_name)s and %(ENV_X)s as supervisord does in every section. */
    static String commonExpand(RawEntry e, Map<String, String> environment, ErrorList errors) {
        try {
            return PythonFormat.expand(e.value(), PythonFormat.common(e, environment));
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return "";
        }
    }

    private List<RawSection> processes() {
        warnAboutOptions();
        if (section.get("command") == null || section.get("command").value().isBlank()) {
            errors.at(section, "command", "missing", "command = /path/to/program args (supervisord requires it)");
            return List.of();
        }
        int numprocs = number("numprocs", 1, 0);
        int start = number("numprocs_start", 0, 0);
        RawEntry processName = section.get("process_name");
        if (numprocs > 1 && (processName == null || !processName.value().contains("process_num"))) {
            String found = "numprocs = " + numprocs + " but process_name has no %(process_num)";
            String allowed = "process_name = %(program_name)s_%(process_num)02d (supervisord requires it too)";
            if (processName == null) {
                errors.at(section, "process_name", found, allowed);
            } else {
                errors.at(processName, found, allowed);
            }
            numprocs = 1; // one process, so that the program's other mistakes are reported too
        }
        List<RawSection> out = new ArrayList<>();
        for (int num = start; num < start + numprocs && out.size() < 2 * ConfigLimits.MAX_SECTIONS; num++) {
            process(num, numprocs, num == start, out);
        }
        return out;
    }

    /** {@code first}: the program's first process, translated even when its name is bad (to check its options). */
    private void process(int num, int numprocs, boolean first, List<RawSection> out) {
        Function<String, Object> names = lookup(num, numprocs);
        Optional<String> expanded = processName(names);
        if (expanded.isEmpty() && !first) {
            return; // reported at process_name, once
        }
        // A bad name is reported at process_name (the config is refused); the first process goes on under the
        // program's name, so that a mistake in any other option is reported at the same time.
        String name = expanded.orElse(ConfigValidator.WATCHER_NAME.matcher(program).matches() ? program : "invalid");
        String watcher = KnownKeys.WATCHER_PREFIX + name;
        Map<String, RawEntry> w = new LinkedHashMap<>();
        // supervisord's defaults that differ from jsuper's, written out; an error in one names the option it stands for
        put(w, watcher, "group", program, section.line(), null); // supervisord's group of a program is the program
        put(w, watcher, "copy_env", "true", section.line(), "environment");
        put(w, watcher, "autorestart", "unexpected", section.line(), "autorestart");
        put(w, watcher, "max_retry", "3", section.line(), "startretries");
        put(w, watcher, "graceful_timeout", "10", section.line(), "stopwaitsecs");
        put(w, watcher, "priority", Integer.toString(-number("priority", DEFAULT_PRIORITY, Integer.MIN_VALUE + 1)),
                line("priority"), "priority");
        boolean redirect = section.get("redirect_stderr") != null
                && CircusTranslator.isTrue(expand(section.get("redirect_stderr"), names));
        inherited(w, watcher);
        for (RawEntry e : section.entries().values()) {
            String target = SAME_MEANING.get(e.key());
            if (target != null && !(redirect && e.key().startsWith("stderr_"))) {
                put(w, watcher, target, expand(e, names), e.line(), e.key());
            }
        }
        logfile("stdout", w, watcher, names);
        if (!redirect) {
            logfile("stderr", w, watcher, names);
        }
        out.add(new RawSection(watcher, section.file(), section.line(), w, section.name()));
        environment(name, names, out);
    }

    /**
     * The process's name: {@code process_name} expanded for this process, or the program's name. Empty when
     * the expansion fails or gives a name jsuper cannot use (each reported at process_name).
     */
    private Optional<String> processName(Function<String, Object> names) {
        RawEntry e = section.get("process_name");
        if (e == null) {
            return Optional.of(program);
        }
        String name;
        try {
            name = PythonFormat.expand(e.value(), names).replace("%%", "%").strip();
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return Optional.empty();
        }
        if (!ConfigValidator.WATCHER_NAME.matcher(name).matches()) {
            errors.at(e, "gives the process name " + Converters.quote(name) + ", which jsuper cannot use",
                    "a name of letters, digits, '_', '.' and '-', e.g. process_name = %(program_name)s_%(process_num)02d");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** [supervisord] environment first (supervisord's own, which its children inherit), the program's wins. */
    private void environment(String name, Function<String, Object> names, List<RawSection> out) {
        RawEntry env = section.get("environment");
        Optional<RawEntry> inherited = defaults.environmentEntry();
        if (env == null && defaults.environment().isEmpty()) {
            return;
        }
        String envSection = KnownKeys.ENV_PREFIX + name;
        Map<String, RawEntry> vars = new LinkedHashMap<>();
        int line = env == null ? section.line() : env.line();
        defaults.environment().forEach((k, v) -> vars.put(k, inherited.isPresent()
                ? inherited.get().translated(envSection, k, v.replace("%", "%%"))
                : new RawEntry(envSection, k, v.replace("%", "%%"), section.file(), line)));
        if (env != null) {
            SupervisordEnvironment.parse(expand(env, names), env, errors)
                    .forEach((k, v) -> vars.put(k, env.translated(envSection, k, v)));
        }
        out.add(new RawSection(envSection, section.file(), line, vars, section.name()));
    }

    /** What supervisord's children inherit from it: [supervisord] umask, user, directory (when it daemonizes). */
    private void inherited(Map<String, RawEntry> w, String watcher) {
        defaults.umask().filter(e -> section.get("umask") == null)
                .ifPresent(e -> w.put("umask", e.translated(watcher, "umask", e.value().strip())));
        defaults.user().filter(e -> section.get("user") == null)
                .ifPresent(e -> w.put("uid", e.translated(watcher, "uid", e.value().strip())));
        defaults.directory().filter(e -> section.get("directory") == null)
                .ifPresent(e -> w.put("working_dir", e.translated(watcher, "working_dir", e.value().strip())));
    }

    private void logfile(String stream, Map<String, RawEntry> w, String watcher, Function<String, Object> names) {
        RawEntry e = section.get(stream + "_logfile");
        if (e == null) {
            return;
        }
        String value = expand(e, names).strip();
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("AUTO") || value.isEmpty()) {
            return; // jsuper's default file under logdir (childlogdir), as AUTO means
        }
        if (upper.equals("NONE")) {
            errors.warn(e, "NONE: jsuper keeps the output anyway", "a file under logdir, rotated (discard nothing)");
        } else if (DEV_OUTPUT.contains(value)) {
            // jsuperd's own stdout/stderr, written whole lines at a time (no "Illegal seek": nothing rotates there)
            put(w, watcher, stream + "_stream.class", value.endsWith("1") || value.endsWith("stdout") ? "stdout" : "stderr",
                    e.line(), e.key());
        } else if (value.equals("/dev/null")) {
            errors.warn(e, "/dev/null: jsuper keeps the output anyway", "a file under logdir, rotated");
        } else {
            put(w, watcher, stream + "_stream.filename", value, e.line(), e.key());
        }
    }

    private void warnAboutOptions() {
        for (RawEntry e : section.entries().values()) {
            String key = e.key();
            if (BOOLEANS.contains(key) && !isBoolean(e.value())) {
                // not honoured, but supervisord refuses a value that is not a boolean: so does jsuper
                errors.at(e, Converters.quote(e.value().strip()) + " is not a boolean", Converters.BOOLEAN);
            } else if (IGNORED.containsKey(key)) {
                if (!isDefault(key, e.value())) {
                    errors.warn(e, "ignored: " + IGNORED.get(key), "see docs/compatibility.md");
                }
            } else if ((key.equals("stopasgroup") || key.equals("killasgroup")) && !truthy(e.value())) {
                errors.warn(e, key + " = false: jsuper always signals the whole process group", "stopasgroup = true");
            } else if (!SAME_MEANING.containsKey(key) && !SPECIAL.contains(key)) {
                Optional<String> close = DidYouMean.closest(key, knownKeys());
                errors.warn(e, "unknown supervisord option, ignored (as supervisord does)"
                        + close.map(k -> "; did you mean " + k + "?").orElse(""), "an option of [program:x]");
            }
        }
    }

    private static boolean isBoolean(String value) {
        try {
            Converters.bool(value);
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** Every option of supervisord 4.x's {@code [program:x]} (docs/migrating.md lists each one). */
    static Set<String> knownKeys() {
        Set<String> keys = new java.util.TreeSet<>(SAME_MEANING.keySet());
        keys.addAll(SPECIAL);
        keys.addAll(IGNORED.keySet());
        return keys;
    }

    private static boolean isDefault(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return key.endsWith("capture_maxbytes") ? v.equals("0") : key.equals("serverurl") ? v.equals("auto")
                : !truthy(v);
    }

    private static boolean truthy(String value) {
        return !isBoolean(value) || Converters.bool(value);
    }

    private Function<String, Object> lookup(int num, int numprocs) {
        return name -> switch (name) {
            case "program_name", "group_name" -> program;
            case "process_num" -> num;
            case "numprocs" -> numprocs;
            default -> PythonFormat.common(new RawEntry(section.name(), "", "", section.file(), section.line()),
                    environment).apply(name);
        };
    }

    private String expand(RawEntry e, Function<String, Object> names) {
        try {
            return PythonFormat.expand(e.value(), names);
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return e.value().replace("%", "%%"); // reported once; binding goes on with the text as written
        }
    }

    private int number(String key, int fallback, int min) {
        RawEntry e = section.get(key);
        if (e == null) {
            return fallback;
        }
        try {
            return Converters.integer(e.value().strip(), min, Integer.MAX_VALUE - 1);
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return fallback;
        }
    }

    private int line(String key) {
        return section.get(key) == null ? section.line() : section.get(key).line();
    }

    /** {@code writtenKey}: the option of [program:x] the entry stands for, which errors name. */
    private void put(Map<String, RawEntry> map, String sectionName, String key, String value, int line, String writtenKey) {
        map.put(key, new RawEntry(sectionName, key, value, section.file(), line,
                new Origin(section.name(), writtenKey, writtenKey == null ? null : EXPECTED.get(writtenKey))));
    }
}
