package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jsuper.jsuperd.os.Rlimit;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnRequest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the {@code jsuper-spawn} helper with the child's descriptors in place, by the cheapest way the host
 * allows: clone3 sharing the daemon's descriptor table ({@link SharedTableClone}), else clone3 into the
 * cgroup ({@link CloneIntoCgroup}), else posix_spawn.
 */
final class HelperLauncher {
    private static final LibC C = LibC.INSTANCE;

    private final String helper;
    private final Optional<SharedTableClone> sharedTable;
    private final Optional<CloneIntoCgroup> cloneIntoCgroup;

    HelperLauncher(String helper, Optional<SharedTableClone> sharedTable, Optional<CloneIntoCgroup> cloneIntoCgroup) {
        this.helper = helper;
        this.sharedTable = sharedTable;
        this.cloneIntoCgroup = cloneIntoCgroup;
    }

    boolean clonesIntoCgroup() {
        return cloneIntoCgroup.isPresent();
    }

    boolean sharesDescriptorTable() {
        return sharedTable.isPresent() && sharedTable.get().usable();
    }

    /** The fds reserved for spawns that share the table (empty when they do not). */
    int[] reservedSlots() {
        return sharedTable.map(SharedTableClone::slots).orElse(new int[0]);
    }

    /**
     * Starts the helper with stdin {@code stdinR} (-1: /dev/null) and {@code sources}: stdout, stderr and status
     * write ends, then the listen fds (child fds 3, 4, …). Inside a fresh cgroup the helper is created there
     * (CLONE_INTO_CGROUP); otherwise, and whenever a clone3 path fails for any reason, it runs with {@code -c}
     * and joins the cgroup itself, reporting any error in the usual way (the posix_spawn path).
     */
    int start(SpawnRequest request, int stdinR, int[] sources) throws SpawnException {
        String[] envp = envp(request.env());
        boolean intoCgroup = request.cgroupProcs().isPresent() && request.cgroupFresh();
        Path cgroup = intoCgroup ? request.cgroupProcs().get().getParent() : null;
        if (sharedTable.isPresent()) {
            int[] dups = dupPairs(sources, stdinR);
            if (sharedTable.get().fits(dups)) {
                int pid = sharedTable.get().spawn(helperArgv(request, !intoCgroup), envp, cgroup, dups, stdinR < 0);
                if (pid > 0) {
                    return pid;
                }
            }
        }
        if (stdinR < 0 && intoCgroup && cloneIntoCgroup.isPresent()) {
            int pid = cloneIntoCgroup.get().spawn(helperArgv(request, false), envp, cgroup, dupPairs(sources, -1));
            if (pid > 0) {
                return pid;
            }
        }
        return posixSpawn(helperArgv(request, true), envp, stdinR, sources);
    }

    /**
     * (source, target) pairs in the order posixSpawn applies them: stdin (when a pipe), 1, 2, the listen fds
     * 3.., then the status fd.
     */
    private static int[] dupPairs(int[] sources, int stdinR) {
        int stdin = stdinR >= 0 ? 1 : 0;
        int[] pairs = new int[2 * (sources.length + stdin)];
        int at = 0;
        if (stdinR >= 0) {
            pairs[at++] = stdinR;
            pairs[at++] = 0;
        }
        pairs[at++] = sources[0];
        pairs[at++] = 1;
        pairs[at++] = sources[1];
        pairs[at++] = 2;
        for (int i = 3; i < sources.length; i++) {
            pairs[at++] = sources[i];
            pairs[at++] = JnaPosix.FIRST_LISTEN_FD + i - 3;
        }
        pairs[at++] = sources[2];
        pairs[at] = JnaPosix.STATUS_FD;
        return pairs;
    }

    /** {@code sources}: stdout, stderr and status write ends, then the listen fds (child fds 3, 4, …). */
    private int posixSpawn(String[] argv, String[] envp, int stdinR, int[] sources) throws SpawnException {
        Memory actions = LibC.opaque();
        Memory attr = LibC.opaque();
        Memory empty = LibC.opaque();
        Memory all = LibC.opaque();
        check(C.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(C.posix_spawnattr_init(attr), "posix_spawnattr_init");
            try {
                // No source is a later target (JnaPosix.outOfTheWay), so the order cannot overwrite one.
                if (stdinR < 0) {
                    check(C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "addopen");
                } else {
                    check(C.posix_spawn_file_actions_adddup2(actions, stdinR, 0), "adddup2");
                }
                check(C.posix_spawn_file_actions_adddup2(actions, sources[0], 1), "adddup2");
                check(C.posix_spawn_file_actions_adddup2(actions, sources[1], 2), "adddup2");
                for (int i = 3; i < sources.length; i++) {
                    check(C.posix_spawn_file_actions_adddup2(actions, sources[i], JnaPosix.FIRST_LISTEN_FD + i - 3),
                            "adddup2");
                }
                check(C.posix_spawn_file_actions_adddup2(actions, sources[2], JnaPosix.STATUS_FD), "adddup2");
                C.sigemptyset(empty);
                C.sigfillset(all);
                check(C.posix_spawnattr_setsigmask(attr, empty), "posix_spawnattr_setsigmask");
                check(C.posix_spawnattr_setsigdefault(attr, all), "posix_spawnattr_setsigdefault");
                check(C.posix_spawnattr_setflags(attr,
                        (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)), "posix_spawnattr_setflags");
                IntByReference pid = new IntByReference();
                int rc = C.posix_spawn(pid, helper, actions, attr, argv, envp);
                if (rc != 0) {
                    throw new SpawnException("cannot run spawn helper " + helper + ": " + LibC.describe(rc));
                }
                return pid.getValue();
            } finally {
                C.posix_spawnattr_destroy(attr);
            }
        } finally {
            C.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void check(int rc, String what) throws SpawnException {
        if (rc != 0) {
            throw new SpawnException(what + ": " + LibC.describe(rc));
        }
    }

    /**
     * {@code jsuper-spawn [-c CGROUP_PROCS] [-l NFDS] [-u UID] [-g GID] [-G g1,g2] [-m UMASK] [-r RES:VALUE]... [-d DIR] -- prog arg...};
     * {@code joinCgroup} false when the helper is created in its cgroup.
     */
    String[] helperArgv(SpawnRequest request, boolean joinCgroup) {
        List<String> args = new ArrayList<>();
        args.add(helper);
        if (joinCgroup) {
            request.cgroupProcs().ifPresent(procs -> {
                args.add("-c");
                args.add(procs.toString());
            });
        }
        if (!request.listenFds().isEmpty()) {
            args.add("-l");
            args.add(Integer.toString(request.listenFds().size()));
        }
        request.identity().ifPresent(id -> {
            args.add("-u");
            args.add(Integer.toUnsignedString(id.uid()));
            args.add("-g");
            args.add(Integer.toUnsignedString(id.gid()));
            if (!id.groups().isEmpty()) {
                args.add("-G");
                args.add(id.groups().stream().map(Integer::toUnsignedString).collect(Collectors.joining(",")));
            }
        });
        request.umask().ifPresent(m -> {
            args.add("-m");
            args.add(Integer.toOctalString(m));
        });
        for (Map.Entry<Rlimit, Long> e : request.rlimits().entrySet()) {
            long v = e.getValue();
            args.add("-r");
            args.add(e.getKey().resource() + ":" + (v == Long.MAX_VALUE || v < 0 ? "unlimited" : Long.toString(v)));
        }
        if (request.workingDir() != null) {
            args.add("-d");
            args.add(request.workingDir().toString());
        }
        args.add("--");
        args.addAll(request.argv());
        return args.toArray(String[]::new);
    }

    private static String[] envp(Map<String, String> env) {
        return env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toArray(String[]::new);
    }
}
