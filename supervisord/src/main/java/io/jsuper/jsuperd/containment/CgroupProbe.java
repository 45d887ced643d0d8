package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.CgroupSupport;
import io.jsuper.jsuperd.config.ContainmentMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this host offers jsuperd in cgroup v2: where the hierarchy is, where the daemon would put its
 * cgroups, and which controllers its watchers' cgroups would get. Read once at start (and reload).
 *
 * @param layout      empty when jsuperd cannot create cgroups; then {@code whyNot} says why
 * @param controllers controllers a watcher's cgroup can use (may be empty: hybrid hosts)
 */
public record CgroupProbe(Optional<CgroupLayout> layout, String whyNot, Set<String> controllers)
        implements CgroupSupport {

    /** Looks at the real host; {@code instance} names this daemon (see {@link #instanceOf}). */
    public static CgroupProbe host(int euid, Map<String, String> env, String instance) {
        return probe(Path.of("/proc/self"), euid, env, instance);
    }

    static CgroupProbe probe(Path procSelf, int euid, Map<String, String> env, String instance) {
        Optional<Path> mount = CgroupMounts.v2Mount(lines(procSelf.resolve("mountinfo")));
        if (mount.isEmpty()) {
            return new CgroupProbe(Optional.empty(), "no cgroup v2 hierarchy is mounted (no cgroup2 line in "
                    + procSelf.resolve("mountinfo") + ")", Set.of());
        }
        Optional<String> own = CgroupMounts.v2Path(lines(procSelf.resolve("cgroup")));
        if (own.isEmpty()) {
            return new CgroupProbe(Optional.empty(), "jsuperd's own cgroup v2 path is unknown (no 0:: line in "
                    + procSelf.resolve("cgroup") + ")", Set.of());
        }
        Path ownDir = own.get().equals("/") ? mount.get() : mount.get().resolve(own.get().substring(1));
        boolean ownedByUs = ownedBy(ownDir, euid);
        CgroupLayout.Facts facts = new CgroupLayout.Facts(mount.get(), own.get(), euid,
                Files.isWritable(ownDir.resolve("cgroup.procs")) && Files.isWritable(ownDir), ownedByUs,
                env.containsKey("INVOCATION_ID"), instance);
        StringBuilder why = new StringBuilder();
        Optional<CgroupLayout> layout = CgroupLayout.choose(facts, why);
        if (layout.isEmpty()) {
            return new CgroupProbe(layout, why.toString(), Set.of());
        }
        Path parent = layout.get().parent();
        // A delegated parent hands its children what it offers; a top-level base gets what the root enables.
        Set<String> controllers = CgroupTree.words(parent.resolve(
                layout.get().daemonLeaf().isPresent() ? "cgroup.controllers" : "cgroup.subtree_control"));
        controllers.retainAll(CgroupTree.CONTROLLERS);
        return new CgroupProbe(layout, "", Set.copyOf(controllers));
    }

    /** A stable name for the daemon of one control socket: two configs never share a cgroup. */
    public static String instanceOf(Path socket) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(socket.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean available() {
        return layout.isPresent();
    }

    @Override
    public Optional<String> whyUnavailable(String controller, ContainmentMode mode) {
        if (mode == ContainmentMode.PROCESS_GROUP) {
            return Optional.of("[jsuperd] containment = process-group uses no cgroups");
        }
        if (layout.isEmpty()) {
            return Optional.of(whyNot);
        }
        if (!controllers.contains(controller)) {
            return Optional.of("the cgroup v2 hierarchy offers jsuperd's cgroups under " + layout.get().parent()
                    + " the controllers [" + String.join(" ", controllers.stream().sorted().toList())
                    + "], not " + controller + " (hybrid host with the controllers on cgroup v1?)");
        }
        return Optional.empty();
    }

    private static boolean ownedBy(Path dir, int euid) {
        try {
            Object uid = Files.getAttribute(dir, "unix:uid");
            return uid instanceof Integer u && u == euid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
