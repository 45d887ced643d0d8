package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Rlimit;
import io.jsuper.jsuperd.os.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Binds one {@code [watcher:NAME]} section (plus its optional {@code [env:NAME]}) to a {@link WatcherConfig}. */
final class WatcherBinder {

    static final int MAX_PROCESSES = 10_000;
    /** Bounds the per-slot ring of restart times that enforces max_restarts. */
    static final int MAX_RESTARTS_LIMIT = 10_000;
    static final Duration DEFAULT_RESTARTS_WINDOW = Duration.ofSeconds(60);

    private WatcherBinder() {
    }

    static WatcherConfig bind(String name, SectionValues v, SectionValues envSection, Accounts accounts) {
        return bind(name, v, envSection, accounts, CgroupSupport.UNCHECKED, ContainmentMode.AUTO);
    }

    static WatcherConfig bind(String name, SectionValues v, SectionValues envSection, Accounts accounts,
                              CgroupSupport cgroups, ContainmentMode containment) {
        Path dir = v.dir();
        BackoffSettings defaults = BackoffSettings.defaults();
        BackoffSettings backoff = new BackoffSettings(
                v.duration("backoff_initial", defaults.initial()),
                v.get("backoff_factor", defaults.factor(), t -> Converters.decimal(t, 1.0, 100.0)),
                v.duration("backoff_max", defaults.max()),
                v.duration("backoff_reset", defaults.reset()));
        if (backoff.max().compareTo(backoff.initial()) < 0) {
            v.error("backoff_max", "backoff_max (" + backoff.max().toMillis() + " ms) is below backoff_initial ("
                    + backoff.initial().toMillis() + " ms)", "backoff_max >= backoff_initial");
        }
        acceptStopChildren(v);
        int maxRestarts = v.integer("max_restarts", -1, -1, MAX_RESTARTS_LIMIT);
        boolean redirectStderr = v.bool("redirect_stderr", false);
        if (redirectStderr && StreamBinder.anySet(v, "stderr_stream")) {
            v.error("redirect_stderr", "stderr_stream.* options are set but redirect_stderr = true sends stderr to stdout",
                    "either redirect_stderr or stderr_stream.* options, not both");
        }
        Path workingDir = v.path("working_dir", dir);
        Optional<String> uid = account(v, "uid", accounts::userExists, "user", "getent passwd");
        Optional<String> gid = account(v, "gid", accounts::groupExists, "group", "getent group");
        WorkingDirAccess.check(v, workingDir, uid, gid, accounts);
        return new WatcherConfig(
                name,
                v.text("cmd").orElse("").strip(),
                v.text("args").orElse("").strip(),
                v.bool("shell", false),
                workingDir,
                uid,
                gid,
                environment(v, envSection),
                v.bool("copy_env", false),
                v.integer("numprocesses", 1, 0, MAX_PROCESSES),
                v.integer("priority", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                v.bool("autostart", true),
                autorestart(v),
                v.integer("max_retry", 5, -1, Integer.MAX_VALUE),
                v.duration("warmup_delay", Duration.ZERO),
                v.duration("graceful_timeout", Duration.ofSeconds(30)),
                v.get("stop_signal", Signal.TERM, Converters::signal),
                v.bool("send_hup", false),
                StreamBinder.bind(v, "stdout_stream"),
                StreamBinder.bind(v, "stderr_stream"),
                redirectStderr,
                v.duration("startsecs", Duration.ofSeconds(1)),
                v.get("exitcodes", Set.of(0), Converters::exitCodes),
                rlimits(v),
                v.optional("umask", Converters::umask),
                backoff,
                maxRestarts,
                maxRestartsWindow(v, maxRestarts),
                v.get("kill_mode", KillMode.CONTROL_GROUP, KillMode::parse),
                CgroupLimitsBinder.bind(v, cgroups, containment),
                ProbeBinder.bind(v),
                MonitoringBinder.bind(v),
                DeployBinder.bind(v));
    }

    /**
     * {@code stop_children} is read for compatibility with older configs (and still must be a boolean),
     * but changes nothing: a stop always signals the whole process group, so it cannot make a reload
     * restart anything either.
     */
    private static void acceptStopChildren(SectionValues v) {
        v.bool("stop_children", false);
    }

    /** A window only means something with a limit: say so instead of ignoring it. */
    private static Duration maxRestartsWindow(SectionValues v, int maxRestarts) {
        Duration window = v.duration("max_restarts_window", DEFAULT_RESTARTS_WINDOW);
        if (maxRestarts < 0 && v.text("max_restarts_window").isPresent()) {
            v.error("max_restarts_window", "max_restarts_window is set but max_restarts is not",
                    "max_restarts = N (restarts allowed within the window) next to it, or no window");
        } else if (window.isZero()) {
            v.error("max_restarts_window", "max_restarts_window = 0 would never count a restart",
                    "a duration above zero, e.g. 60s");
        }
        return window;
    }

    /**
     * Users are looked up on the host that runs jsuperd, when the config is loaded (start and
     * reload): a name that exists nowhere is a mistake in the file, not a reason to retry a spawn.
     */
    private static Optional<String> account(SectionValues v, String key, Predicate<String> exists, String what,
                                            String command) {
        Optional<String> name = v.nonBlank(key);
        if (name.isPresent() && !exists.test(name.get())) {
            v.error(key, "unknown " + what + " " + Converters.quote(name.get()) + " on this host",
                    "a " + what + " name or number that `" + command + " " + name.get() + "` finds");
        }
        return name;
    }

    /** Precedence, lowest first: env_file, then the env option, then [env:NAME] (copy_env is applied at spawn). */
    private static Map<String, String> environment(SectionValues v, SectionValues envSection) {
        Map<String, String> env = new LinkedHashMap<>();
        v.optionalPath("env_file").ifPresent(file -> {
            if (!Files.isRegularFile(file)) {
                v.error("env_file", (Files.exists(file) ? "not a regular file: " : "no such file: ") + file,
                        "a file of KEY=VALUE lines; a relative path is relative to this config file's directory");
            } else {
                env.putAll(EnvFileReader.read(file, v.errors()));
            }
        });
        env.putAll(EnvBinder.bind(v, envSection));
        return env;
    }

    /**
     * supervisord's {@code autorestart} and Circus's {@code respawn} say the same thing; both may be
     * given only if they agree ({@code respawn = true} agrees with {@code unexpected}).
     */
    private static AutoRestart autorestart(SectionValues v) {
        Optional<AutoRestart> auto = v.optional("autorestart", WatcherBinder::autoRestart);
        Optional<Boolean> respawn = v.optional("respawn", Converters::bool);
        if (auto.isPresent() && respawn.isPresent()) {
            boolean autoRestarts = auto.get() != AutoRestart.FALSE;
            if (autoRestarts != respawn.get()) {
                v.error("respawn", "respawn = " + respawn.get() + " contradicts autorestart = "
                        + auto.get().name().toLowerCase(Locale.ROOT), "only one of them, or values that agree");
            }
            return auto.get();
        }
        return auto.orElseGet(() -> respawn.map(r -> r ? AutoRestart.TRUE : AutoRestart.FALSE).orElse(AutoRestart.TRUE));
    }

    static AutoRestart autoRestart(String text) {
        if (text.strip().equalsIgnoreCase("unexpected")) {
            return AutoRestart.UNEXPECTED;
        }
        try {
            return Converters.bool(text) ? AutoRestart.TRUE : AutoRestart.FALSE;
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Converters.quote(text) + " is not an autorestart mode", "true, false or unexpected");
        }
    }

    private static Map<Rlimit, Long> rlimits(SectionValues v) {
        Map<Rlimit, Long> limits = new EnumMap<>(Rlimit.class);
        for (Rlimit r : Rlimit.values()) {
            v.optional("rlimit_" + r.configName(), Converters::rlimit).ifPresent(value -> limits.put(r, value));
        }
        return limits;
    }
}
