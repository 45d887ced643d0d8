package io.jsuper.jsuperd.os;

/**
 * Waits for children of the daemon to exit, on one thread for all of them (no thread per child).
 * An exited child stays a zombie, so its pid and process group cannot be reused, until the owner
 * has handled the exit and called {@link #reap(int)}.
 */
public interface ChildReaper extends AutoCloseable {

    /** Starts the waiting thread; every exit is passed to {@code listener} on that thread. */
    void start(ExitListener listener);

    /** Frees the zombie of {@code pid} (after its exit was handled) and lets the reaper wait for the next. */
    void reap(int pid);

    /** Tells a reaper that found no children to wait for that there is one now. */
    void childSpawned();

    @Override
    void close();

    /** Receives child exits. Must not block: hand the event to the owner's loop. */
    interface ExitListener {
        void childExited(int pid, ExitStatus status);
    }
}
