package io.jsuper.jsuperd.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to start one child: applied before exec by the spawn helper.
 *
 * @param argv            argv[0] is the program; a bare name is looked up on the PATH of {@code env}
 * @param env             the child's complete environment (nothing else is inherited)
 * @param workingDir      directory to chdir into before exec (null: stay in the daemon's; only tests of the os layer use it)
 * @param identity        user and groups to switch to (empty: keep the daemon's)
 * @param umask           umask to set (empty: inherit the daemon's)
 * @param rlimits         limits to set, soft = hard = the value ({@link Long#MAX_VALUE} = unlimited)
 * @param mergeStderr     true: stderr goes to the stdout pipe (supervisord's redirect_stderr)
 * @param cgroupProcs     the {@code cgroup.procs} file of the cgroup v2 the child joins before exec (empty: none)
 * @param cgroupFresh     true when that cgroup was never killed ({@code cgroup.kill}) since it was made: only
 *                        then may the child be created in it by {@code clone3(CLONE_INTO_CGROUP)}, which
 *                        this kernel answers with SIGKILL for a cgroup that was (see docs/containment.md)
 * @param stdin           what the child reads on stdin (at most {@link #MAX_STDIN} bytes, then EOF); null: /dev/null
 * @param listenFds       the daemon's listening sockets the child gets as fds 3, 4, … (systemd's LISTEN_FDS);
 *                        {@code env} then holds {@code LISTEN_PID} with room for the pid the helper writes
 * @param openStdin       stdin is a pipe whose write end the daemon keeps ({@link SpawnedChild#stdinFd()}):
 *                        supervisord's event listeners read their events there; {@code stdin} must then be null
 */
public record SpawnRequest(
        List<String> argv,
        Map<String, String> env,
        Path workingDir,
        Optional<Identity> identity,
        Optional<Integer> umask,
        Map<Rlimit, Long> rlimits,
        boolean mergeStderr,
        Optional<Path> cgroupProcs,
        boolean cgroupFresh,
        byte[] stdin,
        List<Integer> listenFds,
        boolean openStdin) {

    /** Fits a pipe's buffer, so the daemon writes it whole before the spawn and never blocks on it. */
    public static final int MAX_STDIN = 16 * 1024;

    public SpawnRequest {
        if (stdin != null && stdin.length > MAX_STDIN) {
            throw new IllegalArgumentException("stdin of " + stdin.length + " bytes is above " + MAX_STDIN);
        }
        if (stdin != null && openStdin) {
            throw new IllegalArgumentException("stdin is either fixed bytes or an open pipe, not both");
        }
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        rlimits = Map.copyOf(rlimits);
        listenFds = List.copyOf(listenFds);
    }

    /** A request whose stdin is /dev/null or fixed bytes. */
    public SpawnRequest(List<String> argv, Map<String, String> env, Path workingDir, Optional<Identity> identity,
                        Optional<Integer> umask, Map<Rlimit, Long> rlimits, boolean mergeStderr,
                        Optional<Path> cgroupProcs, boolean cgroupFresh, byte[] stdin, List<Integer> listenFds) {
        this(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh, stdin, listenFds,
                false);
    }

    /** A request without listening sockets. */
    public SpawnRequest(List<String> argv, Map<String, String> env, Path workingDir, Optional<Identity> identity,
                        Optional<Integer> umask, Map<Rlimit, Long> rlimits, boolean mergeStderr,
                        Optional<Path> cgroupProcs, boolean cgroupFresh, byte[] stdin) {
        this(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh, stdin, List.of());
    }

    /** stdin from /dev/null. */
    public SpawnRequest(List<String> argv, Map<String, String> env, Path workingDir, Optional<Identity> identity,
                        Optional<Integer> umask, Map<Rlimit, Long> rlimits, boolean mergeStderr,
                        Optional<Path> cgroupProcs, boolean cgroupFresh) {
        this(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh, null);
    }

    /** A request that joins no cgroup. */
    public SpawnRequest(List<String> argv, Map<String, String> env, Path workingDir, Optional<Identity> identity,
                        Optional<Integer> umask, Map<Rlimit, Long> rlimits, boolean mergeStderr) {
        this(argv, env, workingDir, identity, umask, rlimits, mergeStderr, Optional.empty(), false);
    }

    /** The same request, joining the cgroup whose {@code cgroup.procs} is {@code procs}; see {@code cgroupFresh}. */
    public SpawnRequest inCgroup(Path procs, boolean fresh) {
        return new SpawnRequest(argv, env, workingDir, identity, umask, rlimits, mergeStderr, Optional.of(procs),
                fresh, stdin, listenFds, openStdin);
    }

    /** The same request, with {@code bytes} on stdin. */
    public SpawnRequest withStdin(byte[] bytes) {
        return new SpawnRequest(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh,
                bytes, listenFds, openStdin);
    }

    /** The same request, passing the daemon's descriptors {@code fds} as the child's fds 3, 4, …. */
    public SpawnRequest withListenFds(List<Integer> fds) {
        return new SpawnRequest(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh,
                stdin, fds, openStdin);
    }

    /** The same request, with stdin a pipe the daemon keeps writing to (an event listener's). */
    public SpawnRequest withOpenStdin() {
        return new SpawnRequest(argv, env, workingDir, identity, umask, rlimits, mergeStderr, cgroupProcs, cgroupFresh,
                null, listenFds, true);
    }

    /** A resolved user: uid, primary gid and supplementary groups. */
    public record Identity(int uid, int gid, List<Integer> groups) {
        public Identity {
            groups = List.copyOf(groups);
        }
    }
}
