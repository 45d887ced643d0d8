package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event listener's stdout reaches the protocol reader and, as supervisord logs it, the stdout file. */
class ProtocolCopySinkTest {

    /** Records what it gets and whether it was closed. */
    private static final class Recording implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean closed;

        @Override
        public void write(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                bytes.write(chunk.get());
            }
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Regression: the protocol bytes were not written to the listener's stdout log (supervisord writes them). */
    @Test
    void everyChunk_reachesBoth_andClosingLeavesTheSlotsLogOpen() {
        Recording protocol = new Recording();
        Recording log = new Recording();
        ProtocolCopySink sink = new ProtocolCopySink(protocol, log);
        sink.write(ByteBuffer.wrap("READY\n".getBytes(StandardCharsets.UTF_8)));
        sink.write(ByteBuffer.wrap("RESULT 2\nOK".getBytes(StandardCharsets.UTF_8)));
        assertEquals("READY\nRESULT 2\nOK", protocol.text());
        assertEquals("READY\nRESULT 2\nOK", log.text(), "raw, as supervisord's '%(message)s' log of a listener");
        sink.close();
        assertTrue(protocol.closed);
        assertFalse(log.closed, "the log file outlives one run of the listener");
    }
}
