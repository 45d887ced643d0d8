package io.jsuper.jsuperd.config;

import java.util.List;

/**
 * How many file descriptors a config needs, checked against the daemon's RLIMIT_NOFILE when the config
 * is loaded (start and reload): a config that cannot fit is refused with the numbers, instead of
 * hundreds of processes ending FATAL with "Too many open files" later.
 */
public final class DescriptorBudget {

    /** Read ends of the stdout, stderr and exec-status pipes, plus the stdout and stderr log files. */
    static final int PER_PROCESS = 5;
    /** The same with redirect_stderr (no stderr pipe, no stderr file). */
    static final int PER_PROCESS_REDIRECTED = 3;
    /** Both ends of the three pipes of the one spawn in progress (spawns run one at a time, on the loop). */
    static final int SPAWN_IN_PROGRESS = 6;
    /** The JVM (jars, epoll, eventfds), the daemon's log and sockets; API clients are counted by their caps. */
    public static final int DAEMON_RESERVE = 128;
    static final int MAX_MINFDS = 1 << 20;

    private DescriptorBudget() {
    }

    /** Descriptors {@code config} needs with every process running. */
    public static long needed(JsuperConfig config) {
        long n = forDaemon(config);
        for (WatcherConfig w : config.watchers().values()) {
            n += (long) w.numprocesses() * (w.redirectStderr() ? PER_PROCESS_REDIRECTED : PER_PROCESS);
        }
        return Math.max(n, config.daemon().minfds());
    }

    /** jsuperd's own share: base, one spawn in progress, and every API connection its caps allow. */
    static long forDaemon(JsuperConfig config) {
        ConnectionLimits api = config.daemon().connectionLimits();
        return DAEMON_RESERVE + SPAWN_IN_PROGRESS + (long) api.socketMaxConnections() + api.httpMaxConnections();
    }

    /** Throws a config error when {@code config} needs more than {@code available} descriptors. */
    public static void check(JsuperConfig config, long available, long hardLimit) throws ConfigException {
        long needed = needed(config);
        if (needed <= available) {
            return;
        }
        long processes = config.watchers().values().stream().mapToLong(WatcherConfig::numprocesses).sum();
        String why = config.daemon().minfds() >= needed ? "minfds = " + config.daemon().minfds()
                : processes + " processes (" + PER_PROCESS + " each, " + PER_PROCESS_REDIRECTED
                + " with redirect_stderr) and " + forDaemon(config) + " for jsuperd itself and its API connections";
        throw new ConfigException(List.of(new ConfigError(config.source(), 0, null, null,
                "the config needs " + needed + " file descriptors (" + why + "), but only " + available
                        + " are available (RLIMIT_NOFILE soft limit; hard limit " + hardLimit + ")",
                "fewer processes (numprocesses), or a higher limit: LimitNOFILE= in the systemd unit, ulimit -n"
                        + " or prlimit --nofile for jsuperd")), config.source().getParent());
    }
}
