package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;

/**
 * The pace of a rolling restart (Kubernetes' Deployment): at most {@code maxSurge} processes above
 * numprocesses, at most {@code maxUnavailable} ready processes short of it.
 */
record RollPolicy(int maxSurge, int maxUnavailable) {

    /** The policy {@code mode} asks for on {@code config}, or null when the restart is all at once. */
    static RollPolicy of(WatcherConfig config, RestartMode mode) {
        return switch (mode) {
            case ALL_AT_ONCE -> null;
            case SEQUENTIAL -> new RollPolicy(0, 1);
            case DEFAULT -> config.probes().gatesRunning() || config.deploy().useSockets()
                    ? new RollPolicy(config.deploy().maxSurge(), config.deploy().maxUnavailable()) : null;
        };
    }
}
