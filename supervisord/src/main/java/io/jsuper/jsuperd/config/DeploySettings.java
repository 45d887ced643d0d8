package io.jsuper.jsuperd.config;

import java.util.Optional;
import java.nio.file.Path;

/**
 * How a watcher's processes are replaced without downtime (docs/zero-downtime.md).
 *
 * @param useSockets      the processes inherit the daemon's {@code [socket:NAME]} sockets (fds from 3)
 * @param maxSurge        processes a rolling restart may run above {@code numprocesses}
 * @param maxUnavailable  ready processes a rolling restart may be short of {@code numprocesses}
 * @param releaseLink     the {@code current} symlink {@code jsuperctl deploy} switches (empty: no deploys)
 */
public record DeploySettings(boolean useSockets, int maxSurge, int maxUnavailable, Optional<Path> releaseLink) {

    public static final DeploySettings DEFAULT = new DeploySettings(false, 1, 0, Optional.empty());
}
