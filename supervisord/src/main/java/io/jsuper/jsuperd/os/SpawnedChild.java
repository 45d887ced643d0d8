package io.jsuper.jsuperd.os;

/**
 * A child that was forked: its pid (also its session and process group id) and the daemon's
 * non-blocking read ends of its pipes.
 *
 * @param stdoutFd  read end of the child's stdout pipe
 * @param stderrFd  read end of the child's stderr pipe, or -1 when stderr is merged into stdout
 * @param statusFd  read end of the exec status pipe: the helper writes the reason there if exec
 *                  (or any step before it) fails; EOF with no data means exec succeeded.
 *                  Read it with {@link Posix#readExecFailure(int)} once the child has exited.
 * @param stdinFd   non-blocking write end of the child's stdin pipe when it was asked for
 *                  ({@link SpawnRequest#openStdin()}), else -1; its owner closes it
 */
public record SpawnedChild(int pid, int stdoutFd, int stderrFd, int statusFd, int stdinFd) {

    /** A child whose stdin is not kept open by the daemon. */
    public SpawnedChild(int pid, int stdoutFd, int stderrFd, int statusFd) {
        this(pid, stdoutFd, stderrFd, statusFd, -1);
    }
}
