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
 */
public record SpawnedChild(int pid, int stdoutFd, int stderrFd, int statusFd) {
}
