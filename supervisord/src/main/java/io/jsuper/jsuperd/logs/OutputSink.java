package io.jsuper.jsuperd.logs;

import java.nio.ByteBuffer;

/** Where a child's output goes. Called only on the output pump's thread. */
public interface OutputSink {

    /** {@link #spliceFrom}: the pipe is empty for now. */
    long SPLICE_AGAIN = -1;
    /** {@link #spliceFrom}: not by splice now; the pump reads the chunk and calls {@link #write}. */
    long SPLICE_NOT_NOW = -2;

    /** Consumes all remaining bytes of {@code chunk}. Must not throw: report and drop on I/O errors. */
    void write(ByteBuffer chunk);

    /**
     * Moves up to {@code max} bytes straight from the pipe {@code pipeFd} into the file, without the bytes
     * passing through the JVM; called by the pump before it reads. Returns the bytes moved ({@code > 0}), 0 at
     * the end of the output, {@link #SPLICE_AGAIN}, or {@link #SPLICE_NOT_NOW} (the default: a sink that needs
     * to see the bytes, for timestamps, the console or an event, simply keeps this default).
     */
    default long spliceFrom(int pipeFd, long max) {
        return SPLICE_NOT_NOW;
    }

    /**
     * At most how many bytes (1 to {@code max}) the pump should read for the next {@link #write}; the rest stays in
     * the pipe for the next turn. A splicing sink near a size rotation asks for just enough to see the line boundary,
     * so that the bytes after it go by splice again instead of through the JVM.
     */
    default int readLimit(int max) {
        return max;
    }

    /** Closes and reopens the underlying file (after an external logrotate moved it). */
    void reopen();

    void close();

    /** A process of this stream's slot started with pid {@code processId} (for prefixes); on the output thread. */
    default void started(long processId) {
    }

    /** Bytes of output this sink had to throw away so far (disk full, refused file); any thread may ask. */
    default long droppedBytes() {
        return 0;
    }

    /** Bytes of output the child wrote to this sink so far (written or dropped); any thread may ask. */
    default long receivedBytes() {
        return 0;
    }
}
