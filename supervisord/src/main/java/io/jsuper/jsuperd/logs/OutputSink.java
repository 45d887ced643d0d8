package io.jsuper.jsuperd.logs;

import java.nio.ByteBuffer;

/** Where a child's output goes. Called only on the output pump's thread. */
public interface OutputSink {

    /** Consumes all remaining bytes of {@code chunk}. Must not throw: report and drop on I/O errors. */
    void write(ByteBuffer chunk);

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
