package io.jsuper.jsuperd;

import io.jsuper.jsuperd.config.ConfigException;
import io.jsuper.jsuperd.config.Dialect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Entry point: {@code jsuperd -c CONFIG} runs the daemon in the foreground (as systemd and init
 * wrappers want it); {@code --check} only validates the config; {@code --version} prints the version.
 */
public final class Jsuperd {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78; // EX_CONFIG, as sysexits.h
    /** Not an exit code: {@link Daemon#runUntilShutdown()} ended the first half of a daemon restart. */
    static final int EXIT_RESTART = -1;

    private Jsuperd() {
    }

    /**
     * Without this property JNA runs {@code /sbin/ldconfig -p} when it first loads a library: a child
     * process the JDK reaps behind the back of jsuperd's reaper, which then waited for it (up to a second,
     * holding up every exit behind it). The libraries jsuperd loads are found by soname anyway.
     */
    static final String JNA_PLATFORM_PATH = "/lib:/usr/lib:/lib64:/usr/lib64:/usr/lib/x86_64-linux-gnu:"
            + "/usr/lib/aarch64-linux-gnu";

    public static void main(String[] args) {
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", JNA_PLATFORM_PATH);
        }
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path config = null;
        boolean checkOnly = false;
        Dialect dialect = Dialect.AUTO;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        return usage("option " + a + " needs a file");
                    }
                    config = Path.of(args[++i]);
                }
                case "--check" -> {
                    checkOnly = true;
                    if (config == null && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        config = Path.of(args[++i]); // jsuperd --check FILE
                    }
                }
                case "--format" -> {
                    if (i + 1 >= args.length) {
                        return usage("option --format needs auto, supervisord, circus or jsuper");
                    }
                    Optional<Dialect> d = Dialect.parse(args[++i]);
                    if (d.isEmpty()) {
                        return usage("--format " + args[i] + ": expected auto, supervisord, circus or jsuper");
                    }
                    dialect = d.get();
                }
                case "-v", "--version" -> {
                    System.out.println("jsuperd " + Version.current());
                    return EXIT_OK;
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return EXIT_OK;
                }
                default -> {
                    if (a.startsWith("--config=")) {
                        config = Path.of(a.substring("--config=".length()));
                    } else {
                        return usage("unknown argument: " + a);
                    }
                }
            }
        }
        if (config == null) {
            return usage("no config file given (use -c FILE)");
        }
        if (!Files.isRegularFile(config)) {
            System.err.println("jsuperd: config file not found: " + config.toAbsolutePath());
            return EXIT_CONFIG;
        }
        try {
            Daemon daemon = Daemon.load(config.toAbsolutePath().normalize(), dialect, checkOnly);
            if (checkOnly) {
                try {
                    daemon.preflight();
                } catch (Daemon.StartupException e) {
                    // a start would refuse this config: for --check that is a config error (78), not a crash
                    System.err.println("jsuperd: " + config + ": a start would refuse it: " + e.getMessage());
                    return EXIT_CONFIG;
                }
                Path base = config.toAbsolutePath().normalize().getParent();
                daemon.differences().forEach(d -> System.out.println(d.format(base)));
                System.out.println("jsuperd: " + config + " is valid (" + daemon.watcherCount() + " watchers"
                        + (daemon.differences().isEmpty() ? "" : "; " + daemon.differences().size()
                        + " differences in meaning, one per line above") + ")");
                return EXIT_OK;
            }
            int code = daemon.runUntilShutdown();
            return code == EXIT_RESTART ? reExec(args, daemon.handedOverSockets()) : code;
        } catch (ConfigException e) {
            System.err.println("jsuperd: invalid config, not starting:");
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (Daemon.StartupException e) {
            System.err.println("jsuperd: " + e.getMessage());
            return 1;
        }
    }

    /** Exit 1 if the exec fails (systemd's Restart=on-failure then starts jsuperd again). */
    private static int reExec(String[] args, io.jsuper.jsuperd.sockets.SocketHandOver.Plan sockets) {
        try {
            SelfExec.replaceProcess(SelfExec.command(args), sockets);
        } catch (RuntimeException e) {
            System.err.println("jsuperd: daemon restart failed, exiting instead: " + e.getMessage());
        }
        return 1;
    }

    private static int usage(String problem) {
        System.err.println("jsuperd: " + problem);
        System.err.println(USAGE);
        return EXIT_USAGE;
    }

    private static final String USAGE = String.join("\n",
            "usage: jsuperd -c CONFIG [--check] [--format auto|supervisord|circus|jsuper]",
            "       jsuperd --check CONFIG",
            "       jsuperd --version",
            "  -c, --config FILE  the INI config (watchers in [watcher:NAME] sections)",
            "      --check        validate the config, print every error and every difference in meaning from",
            "                     supervisord's or Circus's reading (one line each, FILE:LINE), and exit",
            "      --format F     read the main file as supervisord's, Circus's or jsuper's (default: by its sections)",
            "  -v, --version      print the version",
            "Runs in the foreground. SIGTERM/SIGINT stop every watcher and exit; SIGHUP reloads the config;",
            "SIGUSR2 reopens the output files.");
}
