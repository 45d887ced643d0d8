package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.Posix;
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
import java.util.Optional;

/**
 * The real {@link Posix}: spawns of the {@code jsuper-spawn} helper ({@link HelperLauncher}), which sets
 * identity, umask, rlimits, session and signal state in the child and then execs the program.
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

    private final UserDatabase users = new UserDatabase();
    private final HelperLauncher launcher;

    /**
     * @param helper the {@code jsuper-spawn} binary; must be executable. Spawns share the descriptor table
     *               unless {@code -Djsuper.spawn.sharedFdTable=false}.
     */
    public JnaPosix(Path helper) {
        this(helper, Boolean.parseBoolean(System.getProperty(SharedTableClone.PROPERTY, "true")));
    }

    /** @param shareDescriptorTable false: every spawn copies the daemon's descriptor table (the fallback path) */
    public JnaPosix(Path helper, boolean shareDescriptorTable) {
        if (!Files.isExecutable(helper)) {
            throw new IllegalArgumentException("spawn helper is not executable: " + helper);
        }
        String library = System.getProperty(CLONE_LIBRARY_PROPERTY);
        Path clone = library != null ? Path.of(library) : helper.toAbsolutePath().resolveSibling("libjsuper-clone.so");
        this.launcher = new HelperLauncher(helper.toAbsolutePath().toString(),
                shareDescriptorTable ? SharedTableClone.create(clone) : Optional.empty(), CloneIntoCgroup.load(clone));
    }

    /** True when processes are created inside their cgroup (clone3) rather than moved there by the helper. */
    public boolean clonesIntoCgroup() {
        return launcher.clonesIntoCgroup();
    }

    /** True when spawns share the descriptor table instead of copying it (see {@link SharedTableClone}). */
    public boolean sharesDescriptorTable() {
        return launcher.sharesDescriptorTable();
    }

    /** The fds reserved for spawns that share the table (tests). */
    int[] reservedSlots() {
        return launcher.reservedSlots();
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
            int pid = launcher.start(request, stdinR, sources);
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
