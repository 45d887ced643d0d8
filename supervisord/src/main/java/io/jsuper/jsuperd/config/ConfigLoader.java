package io.jsuper.jsuperd.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: reads a config file and its includes into a valid {@link JsuperConfig}, or throws a
 * {@link ConfigException} listing every error found (file:line, section, key, found, expected).
 */
public final class ConfigLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * Loads {@code file} as jsuperd does: environment references expand against jsuperd's own
     * environment, {@code uid} and {@code gid} must exist in {@code accounts}.
     */
    public static JsuperConfig load(Path file, Accounts accounts) throws ConfigException {
        return load(file, System.getenv(), accounts);
    }

    /**
     * Loads {@code file} as jsuperd does, also refusing cgroup limits that {@code cgroups} says cannot
     * be applied on this host.
     */
    public static JsuperConfig load(Path file, Accounts accounts, CgroupSupport cgroups) throws ConfigException {
        return load(file, System.getenv(), accounts, cgroups);
    }

    /** As {@link #load(Path, Accounts, CgroupSupport)}, the main file read as {@code dialect}; warnings are logged. */
    public static JsuperConfig load(Path file, Accounts accounts, CgroupSupport cgroups, Dialect dialect)
            throws ConfigException {
        return logged(file, loadWithWarnings(file, System.getenv(), accounts, cgroups, dialect));
    }

    /** As {@link #load(Path, Accounts, CgroupSupport, Dialect)}, with the files it read (warnings logged). */
    public static Loaded loadLogged(Path file, Accounts accounts, CgroupSupport cgroups, Dialect dialect)
            throws ConfigException {
        Loaded loaded = loadWithWarnings(file, System.getenv(), accounts, cgroups, dialect);
        logged(file, loaded);
        return loaded;
    }

    /** Loads {@code file} without checking that users and groups exist ({@link Accounts#UNCHECKED}). */
    public static JsuperConfig load(Path file, Map<String, String> environment) throws ConfigException {
        return load(file, environment, Accounts.UNCHECKED);
    }

    /** A loaded config and every difference in meaning found on the way (supervisord/Circus files). */
    public record Loaded(JsuperConfig config, List<ConfigError> warnings, List<Path> inputs) {
        public Loaded(JsuperConfig config, List<ConfigError> warnings) {
            this(config, warnings, List.of());
        }

    }

    /** Loads {@code file}, expanding {@code %(ENV_X)s} and {@code $(circus.env.X)} against {@code environment}. */
    public static JsuperConfig load(Path file, Map<String, String> environment, Accounts accounts)
            throws ConfigException {
        return load(file, environment, accounts, CgroupSupport.UNCHECKED);
    }

    private static JsuperConfig load(Path file, Map<String, String> environment, Accounts accounts,
                                     CgroupSupport cgroups) throws ConfigException {
        return logged(file, loadWithWarnings(file, environment, accounts, cgroups, Dialect.AUTO));
    }

    /** Each difference in meaning is one WARN line naming file:line (at start, at --check and at every reload). */
    private static JsuperConfig logged(Path file, Loaded loaded) {
        Path base = file.toAbsolutePath().normalize().getParent();
        loaded.warnings().forEach(w -> LOG.warn("config: {}", w.format(base)));
        return loaded.config();
    }

    /**
     * Loads {@code file} read as {@code dialect} (AUTO: by its sections, file by file) and returns the
     * warnings instead of logging them.
     */
    public static Loaded loadWithWarnings(Path file, Map<String, String> environment, Accounts accounts,
                                          Dialect dialect) throws ConfigException {
        return loadWithWarnings(file, environment, accounts, CgroupSupport.UNCHECKED, dialect);
    }

    /** As {@link #loadWithWarnings(Path, Map, Accounts, Dialect)}, also refusing cgroup limits {@code cgroups} cannot apply. */
    public static Loaded loadWithWarnings(Path file, Map<String, String> environment, Accounts accounts,
                                          CgroupSupport cgroups, Dialect dialect) throws ConfigException {
        Path main = file.toAbsolutePath().normalize();
        Path configDir = main.getParent();
        ErrorList errors = new ErrorList();
        if (!Files.isRegularFile(main)) {
            errors.inFile(main, 0, Files.exists(main) ? "not a regular file" : "no such file", "a readable config file");
            errors.throwIfAny(configDir);
        }
        Interpolator interpolator = new Interpolator(environment);
        IncludeResolver.Resolved files = IncludeResolver.resolve(main, interpolator, errors, dialect);
        ConfigValidator.Sections sections = ConfigValidator.check(files.daemon(), files.sections(), configDir, errors);

        DaemonSettings daemon = DaemonBinder.bind(files.daemon(), configDir, interpolator, errors);
        Map<String, WatcherConfig> watchers = new LinkedHashMap<>();
        sections.watchers().forEach((name, section) -> {
            RawSection env = sections.envs().get(name);
            WatcherConfig bound = WatcherBinder.bind(name, new SectionValues(section, interpolator, errors),
                    env == null ? null : new SectionValues(env, interpolator, errors), accounts, cgroups,
                    daemon.containment());
            ArgvEnvBudget.check(bound, section, environment, errors);
            watchers.put(name, bound);
        });
        Map<String, SocketConfig> sockets = new LinkedHashMap<>();
        sections.sockets().forEach((name, section) ->
                sockets.put(name, SocketBinder.bind(name, new SectionValues(section, interpolator, errors))));
        SocketUse.check(sections.watchers(), watchers, sockets, errors);
        CheckTargets.check(sections.watchers(), watchers, sockets, environment, errors);
        errors.throwIfAny(configDir);
        return new Loaded(new JsuperConfig(main, daemon, watchers, sockets), errors.warnings(), errors.inputs());
    }
}
