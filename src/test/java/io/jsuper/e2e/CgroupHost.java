package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What this test host offers in cgroup v2, to skip cgroup tests with a visible reason. */
final class CgroupHost {
    private CgroupHost() {
    }

    static Optional<Path> v2Mount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash > 0 && dash + 1 < f.length && f[dash + 1].equals("cgroup2") && f[3].equals("/")) {
                    return Optional.of(Path.of(f[4]));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Empty when a process of this user can create a cgroup at the top of the v2 hierarchy (as jsuperd does as root). */
    static Optional<String> whyNotWritable() {
        Optional<Path> mount = v2Mount();
        if (mount.isEmpty()) {
            return Optional.of("no cgroup v2 hierarchy is mounted");
        }
        Path probe = mount.get().resolve("jsuper-e2e-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create a cgroup under " + mount.get() + " (" + e + "); run as root");
        }
    }

    /** Empty when a top-level cgroup would get {@code controller}. */
    static Optional<String> whyNoController(String controller) {
        Optional<Path> mount = v2Mount();
        if (mount.isEmpty()) {
            return Optional.of("no cgroup v2");
        }
        try {
            String enabled = Files.readString(mount.get().resolve("cgroup.subtree_control"));
            return List.of(enabled.strip().split("\\s+")).contains(controller) ? Optional.empty()
                    : Optional.of(controller + " not enabled");
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }
}
