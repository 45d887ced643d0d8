package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

import java.nio.ByteBuffer;

/** An output sink that consumes and forgets everything, for core tests that do not look at output. */
final class DiscardSink implements OutputSink {
    @Override
    public void write(ByteBuffer chunk) {
        chunk.position(chunk.limit());
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
    }
}
