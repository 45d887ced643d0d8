package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * supervisord's {@code [supervisord]} section: daemon settings become {@code [jsuperd]} keys; what supervisord
 * hands down to every child (its {@code environment}, {@code umask}, {@code user}, and {@code directory} when it
 * daemonizes) becomes each program's default ({@link ProgramDefaults}); the rest is a warning saying what
 * happens instead. {@code minprocs} is checked against jsuperd's process limit and refused when it does not fit.
 */
final class SupervisordDaemonSection {

    private static final Map<String, String> LOG_LEVELS = Map.of("critical", "error", "error", "error",
            "warn", "warn", "info", "info", "debug", "debug", "trace", "trace", "blather", "trace");

    /** Every option of supervisord 4.x's {@code [supervisord]} section (docs/migrating.md lists each one). */
    static final java.util.Set<String> KEYS = java.util.Set.of("logfile", "logfile_maxbytes", "logfile_backups", "loglevel",
            "pidfile", "umask", "nodaemon", "silent", "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory",
            "strip_ansi", "environment", "identifier");

    /** What every program of the file inherits from {@code [supervisord]} unless it sets it itself. */
    record ProgramDefaults(Map<String, String> environment, Optional<RawEntry> umask, Optional<RawEntry> user,
                           Optional<RawEntry> directory, Optional<RawEntry> environmentEntry) {
        static final ProgramDefaults NONE = new ProgramDefaults(Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * The defaults of the main file's {@code [supervisord]}, kept for the files it includes (supervisord's
     * children inherit them whichever file their program is in).
     */
    static final class Inheritance {
        private ProgramDefaults defaults = ProgramDefaults.NONE;
        private Optional<RawEntry> circusUmask = Optional.empty();
        private final boolean root;

        /** {@code root}: jsuperd runs as root (supervisord's user option only applies then). */
        Inheritance(boolean root) {
            this.root = root;
        }

        boolean root() {
            return root;
        }

        /** Circus's {@code [circus] umask} of this file if it has one (then remembered), else the remembered one. */
        Optional<RawEntry> circusUmask(List<RawSection> sections) {
            sections.stream().filter(x -> x.name().equalsIgnoreCase("circus")).findFirst()
                    .ifPresent(c -> circusUmask = Optional.ofNullable(c.get("umask")));
            return circusUmask;
        }

        /** The defaults of this file's [supervisord] if it has one (then remembered), else the remembered ones. */
        ProgramDefaults forFile(List<RawSection> sections, Map<String, String> environment, ErrorList errors) {
            if (sections.stream().anyMatch(x -> x.name().equalsIgnoreCase("supervisord"))) {
                defaults = defaults(sections, environment, errors, root);
            }
            return defaults;
        }
    }

    /** Receives one {@code [jsuperd]} key with the entry it came from. */
    interface DaemonKeys {
        void put(String key, RawEntry from, String value);
    }

    private SupervisordDaemonSection() {
    }

    /** The defaults of the first {@code [supervisord]} section of {@code sections} (errors in its environment reported). */
    static ProgramDefaults defaults(List<RawSection> sections, Map<String, String> environment, ErrorList errors,
                                    boolean root) {
        Optional<RawSection> s = sections.stream().filter(x -> x.name().equalsIgnoreCase("supervisord")).findFirst();
        if (s.isEmpty()) {
            return ProgramDefaults.NONE;
        }
        RawEntry env = s.get().get("environment");
        Map<String, String> vars = env == null ? Map.of()
                : SupervisordEnvironment.parse(SupervisordProgram.commonExpand(env, environment, errors), env, errors);
        // supervisord chdirs to directory only when it daemonizes; with nodaemon = true it stays where it was
        RawEntry nodaemon = s.get().get("nodaemon");
        boolean daemonizes = nodaemon == null || !CircusTranslator.isTrue(nodaemon.value());
        RawEntry directory = s.get().get("directory");
        return new ProgramDefaults(new LinkedHashMap<>(vars), Optional.ofNullable(s.get().get("umask")),
                // supervisord switches to user only when started as root; otherwise its children run as whoever started it
                Optional.ofNullable(root ? s.get().get("user") : null), Optional.ofNullable(daemonizes ? directory : null),
                Optional.ofNullable(env));
    }

    static void translate(RawSection s, DaemonKeys daemon, long processLimit, boolean root, ErrorList errors) {
        for (RawEntry e : s.entries().values()) {
            String v = e.value().strip();
            switch (e.key()) {
                case "logfile" -> {
                    if (v.startsWith("/dev/") || v.equals("syslog")) {
                        errors.warn(e, "logfile " + v + " is not opened", "jsuperd logs to its own standard output");
                    } else {
                        daemon.put("logfile", e, v);
                    }
                }
                case "pidfile", "minfds" -> daemon.put(e.key(), e, v);
                case "childlogdir" -> daemon.put("logdir", e, v);
                case "loglevel" -> daemon.put("loglevel", e, LOG_LEVELS.getOrDefault(v.toLowerCase(Locale.ROOT), v));
                case "nodaemon", "silent" -> checked(e, Converters::bool, errors); // jsuperd always runs in the foreground
                case "logfile_maxbytes", "logfile_backups" -> {
                    if (checked(e, e.key().equals("logfile_backups") ? t -> Converters.integer(t, 0, Integer.MAX_VALUE)
                            : Converters::byteSize, errors)) {
                        errors.warn(e, "the daemon's own log is not rotated by jsuperd",
                                "logrotate with copytruncate, or SIGUSR2 to reopen");
                    }
                }
                case "environment", "umask" -> { } // every program's default (ProgramDefaults), as supervisord's children inherit them
                case "user" -> errors.warn(e, root ? "jsuperd itself does not switch to user " + v
                        + "; every program without its own user= runs as " + v
                        : "ignored: jsuperd does not run as root (supervisord ignores it then too)",
                        "start jsuperd as that user (e.g. User= in its systemd unit)");
                case "directory" -> directory(s, e, errors);
                case "minprocs" -> minprocs(e, processLimit, errors);
                case "identifier" -> errors.warn(e, "not used: jsuperd identifies itself as jsuperd",
                        "nothing (supervisorctl works without it)");
                case "nocleanup" -> {
                    if (checked(e, Converters::bool, errors)) {
                        errors.warn(e, "no effect: jsuper's log files have fixed names, there are no AUTO "
                                + "log files to clean up at start", "nothing");
                    }
                }
                case "strip_ansi" -> {
                    if (checked(e, Converters::bool, errors) && Converters.bool(v)) {
                        errors.warn(e, "not supported: escape sequences are kept in the log files", "strip them in the program");
                    }
                }
                default -> errors.warn(e, "unknown [supervisord] option, ignored", "see docs/migrating.md");
            }
        }
    }

    /**
     * An option jsuper does not apply is still checked as supervisord checks it: a value supervisord refuses is an
     * error, not a silent pass. Returns whether the value is good.
     */
    private static boolean checked(RawEntry e, java.util.function.Function<String, ?> converter, ErrorList errors) {
        try {
            converter.apply(e.value().strip());
            return true;
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return false;
        }
    }

    private static void directory(RawSection s, RawEntry e, ErrorList errors) {
        RawEntry nodaemon = s.get("nodaemon");
        if (nodaemon != null && CircusTranslator.isTrue(nodaemon.value())) {
            errors.warn(e, "ignored, as supervisord ignores it with nodaemon = true: programs without directory= run in "
                    + "the config file's directory", "directory= in each program");
        } else {
            errors.warn(e, "jsuperd itself does not change directory; every program without its own directory= runs in "
                    + e.value().strip(), "nothing (this is what supervisord's children see)");
        }
    }

    /** supervisord raises its process limit to minprocs or refuses to start; jsuperd does not raise it: it refuses. */
    static void minprocs(RawEntry e, long processLimit, ErrorList errors) {
        long wanted;
        try {
            wanted = Converters.integer(e.value().strip(), 0, Integer.MAX_VALUE - 1);
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return;
        }
        if (wanted > processLimit) {
            errors.at(e, "minprocs = " + wanted + " but jsuperd may run only " + processLimit
                    + " processes (RLIMIT_NPROC soft limit; jsuperd does not raise it)",
                    "a higher limit for jsuperd (LimitNPROC= in its systemd unit, ulimit -u), or a lower minprocs");
        }
    }

    /** Whether this process runs as root (effective uid 0, from /proc/self/status). */
    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** jsuperd's RLIMIT_NPROC soft limit from /proc/self/limits ({@link Long#MAX_VALUE} if unlimited or unknown). */
    static long processLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max processes")) {
                    String soft = line.substring("Max processes".length()).strip().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE; // not Linux's /proc: nothing to check against
        }
        return Long.MAX_VALUE;
    }
}
