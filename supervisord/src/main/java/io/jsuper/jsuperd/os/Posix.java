package io.jsuper.jsuperd.os;

import java.util.List;
import java.util.Optional;

/**
 * The one seam between jsuper and the operating system. The core talks only to this interface;
 * {@code os.jna.JnaPosix} is the real implementation, tests of the core use a fake.
 */
public interface Posix {

    /**
     * Starts a child in a new session and process group (pgid = pid) with an empty signal mask and
     * default signal dispositions, stdin from /dev/null, stdout/stderr to fresh pipes, and no other
     * inherited file descriptors. Failures that happen before the fork (bad pipe, spawn refused) throw;
     * failures in the child before exec are reported through {@link SpawnedChild#statusFd()}.
     */
    SpawnedChild spawn(SpawnRequest request) throws SpawnException;

    /**
     * After the child has exited: reads its exec status pipe without blocking and closes it.
     * Returns the reason exec (or setup before exec) failed, e.g. "execvp ./app: No such file or
     * directory", or empty when exec succeeded.
     */
    Optional<String> readExecFailure(int statusFd);

    /** kill(pid, sig). Returns false when the process no longer exists (ESRCH). */
    boolean kill(int pid, Signal signal);

    /** kill(-pgid, sig): the whole process group. Returns false when the group no longer exists. */
    boolean killGroup(int pgid, Signal signal);

    Optional<UserEntry> lookupUser(String nameOrUid);

    Optional<GroupEntry> lookupGroup(String nameOrGid);

    /** The supplementary groups of a user, as initgroups(3) would set them (includes {@code gid}). */
    List<Integer> groupsOf(String userName, int gid);

    int geteuid();

    /**
     * write(2) on a non-blocking descriptor: the bytes written (0 when the pipe is full), or -1 when the
     * reader is gone or the write failed. Never blocks.
     */
    int writeSome(int fd, byte[] bytes, int offset, int length);

    /** close(2), ignoring errors (a descriptor the daemon owns, e.g. {@link SpawnedChild#stdinFd()}). */
    void close(int fd);
}
