package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.Rlimit;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnRequest;
import io.jsuper.jsuperd.os.SpawnedChild;
import io.jsuper.jsuperd.os.UserEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The real {@link Posix}: posix_spawn of the {@code jsuper-spawn} helper, which sets identity,
 * umask, rlimits, session and signal state in the child and then execs the program.
 */
public final class JnaPosix implements Posix {

    private static final LibC C = LibC.INSTANCE;
    /** Where the helper finds the exec-status pipe (STATUS_FD in jsuper_spawn.c): above the listen fds 3..66. */
    static final int STATUS_FD = 99;
    /** At most this many listening sockets per child (MAX_LISTEN_FDS in jsuper_spawn.c). */
    public static final int MAX_LISTEN_FDS = 64;
    static final int FIRST_LISTEN_FD = 3;

    /** The native library that starts the helper inside its cgroup, next to the helper unless set. */
    static final String CLONE_LIBRARY_PROPERTY = "jsuper.cloneLibrary";

    private final String helper;
    private final UserDatabase users = new UserDatabase();
    private final Optional<CloneIntoCgroup> cloneIntoCgroup;

    /** @param helper the {@code jsuper-spawn} binary; must be executable */
    public JnaPosix(Path helper) {
        if (!Files.isExecutable(helper)) {
            throw new IllegalArgumentException("spawn helper is not executable: " + helper);
        }
        this.helper = helper.toAbsolutePath().toString();
        String library = System.getProperty(CLONE_LIBRARY_PROPERTY);
        this.cloneIntoCgroup = CloneIntoCgroup.load(library != null ? Path.of(library)
                : helper.toAbsolutePath().resolveSibling("libjsuper-clone.so"));
    }

    /** True when processes are created inside their cgroup (clone3) rather than moved there by the helper. */
    public boolean clonesIntoCgroup() {
        return cloneIntoCgroup.isPresent();
    }

    @Override
    public SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        if (request.argv().isEmpty()) {
            throw new SpawnException("empty command");
        }
        if (request.listenFds().size() > MAX_LISTEN_FDS) {
            throw new SpawnException("at most " + MAX_LISTEN_FDS + " listening sockets per process");
        }
        List<Integer> opened = new ArrayList<>();
        List<Integer> moved = new ArrayList<>();
        try {
            int[] out = pipe(opened);
            int[] err = request.mergeStderr() ? null : pipe(opened);
            int[] status = pipe(opened);
            int[] openIn = request.openStdin() ? pipe(opened) : null;
            int stdinR = openIn != null ? openIn[0] : request.stdin() == null ? -1 : stdinPipe(request.stdin(), opened);
            int listen = request.listenFds().size();
            int[] sources = new int[3 + listen];
            sources[0] = out[1];
            sources[1] = err == null ? out[1] : err[1];
            sources[2] = status[1];
            for (int i = 0; i < listen; i++) {
                sources[3 + i] = request.listenFds().get(i);
            }
            outOfTheWay(sources, listen, moved);
            int pid = start(request, stdinR, sources);
            closeQuietly(out[1]);
            opened.remove(Integer.valueOf(out[1]));
            if (err != null) {
                closeQuietly(err[1]);
                opened.remove(Integer.valueOf(err[1]));
            }
            closeQuietly(status[1]);
            opened.remove(Integer.valueOf(status[1]));
            if (stdinR >= 0) { // the child has its copy
                closeQuietly(stdinR);
                opened.remove(Integer.valueOf(stdinR));
            }
            setNonBlocking(out[0]);
            if (err != null) {
                setNonBlocking(err[0]);
            }
            setNonBlocking(status[0]);
            if (openIn != null) {
                setNonBlocking(openIn[1]); // a listener that stops reading must never block the loop's write
            }
            opened.clear();
            return new SpawnedChild(pid, out[0], err == null ? -1 : err[0], status[0], openIn == null ? -1 : openIn[1]);
        } finally {
            opened.forEach(JnaPosix::closeQuietly);
            moved.forEach(JnaPosix::closeQuietly);
        }
    }

    /**
     * posix_spawn's dup2 actions run in order (1, 2, 3.., 99): a source that is itself one of the listen or
     * status targets would be overwritten before it is copied (or, copied onto itself, keep close-on-exec).
     * Such sources are duplicated above 99 first; the copies are closed after the spawn.
     */
    private static void outOfTheWay(int[] sources, int listen, List<Integer> moved) throws SpawnException {
        for (int i = 0; i < sources.length; i++) {
            int fd = sources[i];
            boolean collides = fd == STATUS_FD || (fd >= FIRST_LISTEN_FD && fd < FIRST_LISTEN_FD + listen);
            if (collides) {
                int copy = C.fcntl(fd, LibC.F_DUPFD_CLOEXEC, STATUS_FD + 1);
                if (copy < 0) {
                    throw new SpawnException("fcntl(F_DUPFD_CLOEXEC): " + LibC.describe(LibC.errno()));
                }
                moved.add(copy);
                for (int j = i; j < sources.length; j++) { // the same pipe may be both stdout and stderr
                    if (sources[j] == fd) {
                        sources[j] = copy;
                    }
                }
            }
        }
    }

    private static int[] pipe(List<Integer> opened) throws SpawnException {
        int[] fds = new int[2];
        if (C.pipe2(fds, LibC.O_CLOEXEC) != 0) {
            throw new SpawnException("pipe2: " + LibC.describe(LibC.errno()));
        }
        opened.add(fds[0]);
        opened.add(fds[1]);
        return fds;
    }

    /**
     * A pipe holding {@code bytes} with its write end already closed: the child reads them, then EOF. They fit
     * the pipe's buffer (SpawnRequest.MAX_STDIN), so the write never blocks.
     */
    private static int stdinPipe(byte[] bytes, List<Integer> opened) throws SpawnException {
        int[] in = pipe(opened);
        try (Memory buf = new Memory(Math.max(1, bytes.length))) {
            buf.write(0, bytes, 0, bytes.length);
            long written = bytes.length == 0 ? 0 : C.write(in[1], buf, bytes.length);
            if (written != bytes.length) {
                throw new SpawnException("stdin pipe: wrote " + written + " of " + bytes.length + " bytes");
            }
        }
        closeQuietly(in[1]);
        opened.remove(Integer.valueOf(in[1]));
        return in[0];
    }

    /**
     * Inside a cgroup, the helper is created there by clone3 when the native library allows; when that
     * fails for any reason, posix_spawn runs it with {@code -c}, so the helper joins the cgroup itself and
     * reports any error in the usual way. A child with a stdin pipe ({@code stdinR} >= 0: side commands and
     * event listeners) always takes posix_spawn, which joins the cgroup through the helper.
     */
    private int start(SpawnRequest request, int stdinR, int[] sources) throws SpawnException {
        String[] envp = envp(request.env());
        if (stdinR < 0 && request.cgroupProcs().isPresent() && request.cgroupFresh() && cloneIntoCgroup.isPresent()) {
            int pid = cloneIntoCgroup.get().spawn(helperArgv(request, false), envp,
                    request.cgroupProcs().get().getParent(), dupPairs(sources));
            if (pid > 0) {
                return pid;
            }
        }
        return posixSpawn(helperArgv(request, true), envp, stdinR, sources);
    }

    /** (source, target) pairs in the order posixSpawn applies them: 1, 2, the listen fds 3.., then the status fd. */
    private static int[] dupPairs(int[] sources) {
        int[] pairs = new int[2 * sources.length];
        pairs[0] = sources[0];
        pairs[1] = 1;
        pairs[2] = sources[1];
        pairs[3] = 2;
        for (int i = 3; i < sources.length; i++) {
            pairs[2 * (i - 1)] = sources[i];
            pairs[2 * (i - 1) + 1] = FIRST_LISTEN_FD + i - 3;
        }
        pairs[pairs.length - 2] = sources[2];
        pairs[pairs.length - 1] = STATUS_FD;
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
                // No source is a later target (outOfTheWay), so the order cannot overwrite one.
                if (stdinR < 0) {
                    check(C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "addopen");
                } else {
                    check(C.posix_spawn_file_actions_adddup2(actions, stdinR, 0), "adddup2");
                }
                check(C.posix_spawn_file_actions_adddup2(actions, sources[0], 1), "adddup2");
                check(C.posix_spawn_file_actions_adddup2(actions, sources[1], 2), "adddup2");
                for (int i = 3; i < sources.length; i++) {
                    check(C.posix_spawn_file_actions_adddup2(actions, sources[i], FIRST_LISTEN_FD + i - 3), "adddup2");
                }
                check(C.posix_spawn_file_actions_adddup2(actions, sources[2], STATUS_FD), "adddup2");
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

    /** {@code jsuper-spawn [-c CGROUP_PROCS] [-l NFDS] [-u UID] [-g GID] [-G g1,g2] [-m UMASK] [-r RES:VALUE]... [-d DIR] -- prog arg...}. */
    String[] helperArgv(SpawnRequest request) {
        return helperArgv(request, true);
    }

    /** The helper's argv; {@code joinCgroup} false when the helper was already created in the cgroup. */
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

    private static void setNonBlocking(int fd) {
        int flags = C.fcntl(fd, LibC.F_GETFL, 0);
        if (flags >= 0) {
            C.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
        }
    }

    @Override
    public Optional<String> readExecFailure(int statusFd) {
        try (Memory buf = new Memory(4096)) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 16; i++) { // the helper writes one short line; bounded anyway
                long n = C.read(statusFd, buf, buf.size());
                if (n > 0) {
                    text.append(new String(buf.getByteArray(0, (int) n), StandardCharsets.UTF_8));
                } else if (n == 0 || LibC.errno() != LibC.EINTR) {
                    break;
                }
            }
            String reason = text.toString().strip();
            return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
        } finally {
            closeQuietly(statusFd);
        }
    }

    @Override
    public boolean kill(int pid, Signal signal) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to kill pid " + pid); // 0, -1 and negatives hit groups or everyone
        }
        return signal(pid, signal);
    }

    @Override
    public boolean killGroup(int pgid, Signal signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to kill process group " + pgid);
        }
        return signal(-pgid, signal);
    }

    /** Throws IllegalStateException for errors other than ESRCH (EPERM: not ours to signal). */
    private static boolean signal(int target, Signal signal) {
        if (C.kill(target, signal.number()) == 0) {
            return true;
        }
        int errno = LibC.errno();
        if (errno == LibC.ESRCH) {
            return false;
        }
        throw new IllegalStateException("kill(" + target + ", " + signal.fullName() + "): " + LibC.describe(errno));
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            C.close(fd);
        }
    }

    @Override
    public Optional<UserEntry> lookupUser(String nameOrUid) {
        return users.user(nameOrUid);
    }

    @Override
    public Optional<GroupEntry> lookupGroup(String nameOrGid) {
        return users.group(nameOrGid);
    }

    @Override
    public List<Integer> groupsOf(String userName, int gid) {
        return users.groupsOf(userName, gid);
    }

    @Override
    public int writeSome(int fd, byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        try (Memory buf = new Memory(length)) {
            buf.write(0, bytes, offset, length);
            long n = C.write(fd, buf, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = LibC.errno();
            return errno == LibC.EAGAIN || errno == LibC.EINTR ? 0 : -1; // EPIPE: the JVM ignores SIGPIPE
        }
    }

    @Override
    public void close(int fd) {
        closeQuietly(fd);
    }

    @Override
    public int geteuid() {
        return C.geteuid();
    }

    /**
     * Makes the daemon a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphans of its descendants
     * are re-parented to it instead of to init, so they stay visible and reapable. Returns false
     * (with the reason logged by the caller) when the kernel refuses.
     */
    public boolean becomeChildSubreaper() {
        return C.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }
}
