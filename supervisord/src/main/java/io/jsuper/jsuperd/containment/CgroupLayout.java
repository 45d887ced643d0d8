package io.jsuper.jsuperd.containment;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where jsuperd's cgroups go. Either its own delegated cgroup (systemd {@code Delegate=yes}, or a
 * subtree a non-root daemon owns): cgroup v2 forbids processes in a cgroup that has children with
 * controllers ("no internal processes"), so the daemon moves itself into the leaf {@code daemon}
 * and each watcher gets a sibling. Or, for a root daemon that was given no cgroup of its own, a
 * top-level {@code jsuper-<instance>} next to the hierarchy's other top-level groups.
 *
 * @param base        holds one {@code w.<watcher>} cgroup per watcher, each with one leaf per process
 * @param daemonLeaf  where the daemon moves itself first (delegated layout only)
 * @param parent      the cgroup base is created in (whose subtree_control decides the controllers)
 */
public record CgroupLayout(Path base, Optional<Path> daemonLeaf, Path parent) {

    /** What the host says about the daemon's position; gathered by {@link CgroupProbe}. */
    public record Facts(Path mount, String ownPath, int euid, boolean ownDirWritable, boolean ownDirOwnedByUs,
                        boolean underSystemd, String instance) {
    }

    /** Empty (with {@code why}) when the daemon may not create cgroups. */
    public static Optional<CgroupLayout> choose(Facts f, StringBuilder why) {
        boolean inRoot = f.ownPath().equals("/");
        Path own = inRoot ? f.mount() : f.mount().resolve(f.ownPath().substring(1));
        boolean delegated = !inRoot && f.ownDirWritable()
                && (f.euid() == 0 ? f.underSystemd() : f.ownDirOwnedByUs());
        if (delegated) {
            return Optional.of(new CgroupLayout(own, Optional.of(own.resolve("daemon")), own));
        }
        if (f.euid() == 0) {
            return Optional.of(new CgroupLayout(f.mount().resolve("jsuper-" + f.instance()), Optional.empty(),
                    f.mount()));
        }
        why.append("jsuperd runs as uid ").append(f.euid()).append(" and its cgroup ").append(own)
                .append(" is not delegated to it (run as root, or under systemd with Delegate=yes)");
        return Optional.empty();
    }
}
