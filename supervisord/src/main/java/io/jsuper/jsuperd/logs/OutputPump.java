package io.jsuper.jsuperd.logs;

/**
 * Reads the output pipes of all children on one thread (epoll) and hands each chunk to its sink,
 * so that a chatty child never stalls the supervisor loop or another child's output.
 */
public interface OutputPump extends AutoCloseable {

    void start();

    /** Reads {@code fd} (non-blocking pipe read end) into {@code sink} until EOF, then closes the fd. Thread-safe. */
    void attach(int fd, OutputSink sink);

    /** Runs {@code task} on the pump thread, between reads (sink reopen/close). Thread-safe. */
    void execute(Runnable task);

    /** Drains what is readable, closes every attached fd and stops the thread. */
    @Override
    void close();
}
