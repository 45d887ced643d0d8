package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the spawn helper without copying the daemon's descriptor table: clone3 with {@code CLONE_FILES},
 * then {@code close_range(CLOSE_RANGE_UNSHARE)} in the child, through a window of low fds reserved at
 * start-up ({@code jsuper_spawn_sharing_fds} in supervisord/src/main/c/jsuper_clone.c; docs/lifecycle.md,
 * "How a process is started"). A plain clone copies every fd of the daemon (five per supervised process)
 * and the exec closes them again: O(n) per spawn. Here a spawn costs the same with 10 or 1000 processes.
 */
final class SharedTableClone {
    private static final Logger log = LoggerFactory.getLogger(SharedTableClone.class);

    /** {@code -Djsuper.spawn.sharedFdTable=false} (JSUPERD_JAVA_OPTS): always copy the table, for comparisons. */
    static final String PROPERTY = "jsuper.spawn.sharedFdTable";
    /** Listening sockets a spawn may pass through the window; a spawn with more takes the copying path. */
    static final int MAX_LISTEN_FDS = 16;
    /** stdin, stdout, stderr and the status pipe, then the listening sockets. */
    static final int SLOTS = 4 + MAX_LISTEN_FDS;
    /** Above this the child's private copy would no longer be small: the window is not used. */
    static final int HIGHEST_USEFUL_SLOT = 255;

    private static final int STEP_CLONE = 2;
    private static final int STEP_UNSHARE = 3;
    private static final int ENOSYS = 38;
    private static final int EINVAL = 22;
    private static final int E2BIG = 7;
    private static final int EPERM = 1;

    /** The library function: the child's pid, or -errno with the failing step in {@code failedStep[0]}. */
    interface Lib extends Library {
        int jsuper_spawn_sharing_fds(String path, String[] argv, String[] envp, int cgroupFd, int[] dups, int ndups,
                                     int[] slots, int devnull, int keepBelow, int devnullStdin, int[] failedStep);
    }

    private final Lib lib;
    private final int devnull;
    private final int[] slots;
    private final int keepBelow;
    private boolean supported = true;

    private SharedTableClone(Lib lib, int devnull, int[] slots) {
        this.lib = lib;
        this.devnull = devnull;
        this.slots = slots;
        int highest = 0;
        for (int slot : slots) {
            highest = Math.max(highest, slot);
        }
        this.keepBelow = highest + 1;
        log.info("spawns share the descriptor table through reserved fds {} (a child copies only fds below {})",
                Arrays.toString(slots), keepBelow);
    }

    /**
     * The library at {@code path} with its window reserved, or empty (logged) when the library is missing
     * or the low fds are taken.
     */
    static Optional<SharedTableClone> create(Path library) {
        if (!Files.isRegularFile(library)) {
            return Optional.empty(); // CloneIntoCgroup logs the missing library
        }
        Lib lib;
        try {
            lib = Native.load(library.toAbsolutePath().toString(), Lib.class,
                    Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
        } catch (UnsatisfiedLinkError e) {
            log.warn("cannot load {} ({}): every spawn copies the daemon's descriptor table", library, e.getMessage());
            return Optional.empty();
        }
        return reserve().map(window -> new SharedTableClone(lib, window[0], Arrays.copyOfRange(window, 1, window.length)));
    }

    /**
     * /dev/null and {@link #SLOTS} copies of it at the lowest free fds: {devnull, slot...}. Kept open for the
     * daemon's lifetime, so no other thread can ever be given those numbers.
     */
    private static Optional<int[]> reserve() {
        int devnull = LibC.INSTANCE.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (devnull < 0) {
            log.warn("cannot open /dev/null ({}): every spawn copies the daemon's descriptor table",
                    LibC.describe(LibC.errno()));
            return Optional.empty();
        }
        int[] window = new int[1 + SLOTS];
        window[0] = devnull;
        for (int i = 1; i < window.length; i++) {
            window[i] = LibC.INSTANCE.fcntl(devnull, LibC.F_DUPFD_CLOEXEC, 3);
            if (window[i] < 0 || window[i] > HIGHEST_USEFUL_SLOT) {
                log.info("no low descriptors free for the spawn window (got {}): every spawn copies the daemon's "
                        + "descriptor table", window[i]);
                for (int j = 0; j <= i; j++) {
                    LibC.INSTANCE.close(window[j]);
                }
                return Optional.empty();
            }
        }
        return Optional.of(window);
    }

    /** True when a spawn with these (source, target) pairs fits the window. */
    boolean fits(int[] dups) {
        return dups.length / 2 <= SLOTS;
    }

    /**
     * Runs the helper ({@code argv[0]}) with the (source, target) pairs of {@code dups} applied in the child;
     * stdin is /dev/null unless a pair targets fd 0; created inside {@code cgroup} unless it is null.
     * Returns the pid, or -errno when this path could not run the helper (the caller takes the copying path;
     * after ENOSYS or EINVAL from clone3 or close_range this object refuses every later spawn).
     */
    synchronized int spawn(String[] argv, String[] envp, Path cgroup, int[] dups, boolean devnullStdin) {
        if (!supported) {
            return -ENOSYS;
        }
        int cgroupFd = -1;
        if (cgroup != null && (cgroupFd = LibC.INSTANCE.open(cgroup.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC)) < 0) {
            return -LibC.errno();
        }
        int[] failedStep = new int[1];
        try {
            int pid = lib.jsuper_spawn_sharing_fds(argv[0], argv, envp, cgroupFd, dups, dups.length / 2, slots,
                    devnull, keepBelow, devnullStdin ? 1 : 0, failedStep);
            if (pid < 0) {
                noteFailure(-pid, failedStep[0], cgroup != null);
            }
            return pid;
        } finally {
            if (cgroupFd >= 0) {
                LibC.INSTANCE.close(cgroupFd);
            }
        }
    }

    /** A kernel without clone3 or close_range(CLOSE_RANGE_UNSHARE) says so once; later spawns copy the table. */
    private void noteFailure(int errno, int step, boolean intoCgroup) {
        boolean unsupported = errno == ENOSYS || errno == EINVAL || errno == E2BIG || errno == EPERM;
        // With CLONE_INTO_CGROUP, clone3 may refuse the cgroup rather than the flags: keep the path for others.
        if (unsupported && (step == STEP_UNSHARE || (step == STEP_CLONE && !intoCgroup))) {
            supported = false;
            log.info("{} refused by the kernel ({}): every spawn copies the daemon's descriptor table",
                    step == STEP_UNSHARE ? "close_range(CLOSE_RANGE_UNSHARE)" : "clone3(CLONE_FILES)",
                    LibC.describe(errno));
        }
    }

    /** False once the kernel refused the path (every spawn then copies the table). */
    synchronized boolean usable() {
        return supported;
    }

    /** The reserved fds (tests check that each holds /dev/null again after a spawn). */
    int[] slots() {
        return slots.clone();
    }
}
