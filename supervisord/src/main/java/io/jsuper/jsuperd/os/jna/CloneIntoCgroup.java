package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the spawn helper directly inside its cgroup v2 with {@code clone3(CLONE_INTO_CGROUP)}, through
 * the small native library {@code libjsuper-clone.so} (supervisord/src/main/c/jsuper_clone.c). Joining a
 * cgroup by writing {@code cgroup.procs} waits for an RCU grace period in the kernel (6 ms idle, tens of
 * ms under load, on every respawn); creating the process there costs about 0.15 ms.
 */
final class CloneIntoCgroup {
    private static final Logger log = LoggerFactory.getLogger(CloneIntoCgroup.class);

    /** The library's one function: the child's pid, or -errno. */
    interface Lib extends Library {
        int jsuper_spawn_into_cgroup(String path, String[] argv, String[] envp, int cgroupFd, int[] dups, int ndups,
                                     int devnullStdin);
    }

    private final Lib lib;

    private CloneIntoCgroup(Lib lib) {
        this.lib = lib;
    }

    /** The library at {@code path}, or empty (logged) when it is missing or cannot be loaded. */
    static Optional<CloneIntoCgroup> load(Path path) {
        if (!Files.isRegularFile(path)) {
            log.debug("{} not found: processes join their cgroup through cgroup.procs", path);
            return Optional.empty();
        }
        try {
            Lib lib = Native.load(path.toAbsolutePath().toString(), Lib.class,
                    Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
            return Optional.of(new CloneIntoCgroup(lib));
        } catch (UnsatisfiedLinkError e) {
            log.warn("cannot load {} ({}): processes join their cgroup through cgroup.procs (slower)", path,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Runs {@code program} (argv[0] is its path) in the cgroup directory {@code cgroup}, with /dev/null as
     * stdin and the (source, target) fd pairs of {@code dups} applied in order. Returns the pid, or -errno
     * when the clone, the fd set-up or the exec failed (the caller falls back to posix_spawn).
     */
    int spawn(String[] argv, String[] envp, Path cgroup, int[] dups) {
        int dirFd = LibC.INSTANCE.open(cgroup.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (dirFd < 0) {
            return -LibC.errno();
        }
        try {
            return lib.jsuper_spawn_into_cgroup(argv[0], argv, envp, dirFd, dups, dups.length / 2, 1);
        } finally {
            LibC.INSTANCE.close(dirFd);
        }
    }
}
