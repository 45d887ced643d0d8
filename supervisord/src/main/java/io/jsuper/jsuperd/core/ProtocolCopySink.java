package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

import java.nio.ByteBuffer;

/**
 * An event listener's stdout: every chunk goes to the protocol reader and, as supervisord writes it to the
 * listener's {@code stdout_logfile}, to the stdout log too (READY, RESULT lines and result bodies, raw). Only the
 * protocol reader belongs to this run: the log sink is the slot's, kept across restarts, so it is not closed here.
 */
final class ProtocolCopySink implements OutputSink {
    private final OutputSink protocol;
    private final OutputSink log;

    ProtocolCopySink(OutputSink protocol, OutputSink log) {
        this.protocol = protocol;
        this.log = log;
    }

    @Override
    public void write(ByteBuffer chunk) {
        log.write(chunk.duplicate());
        protocol.write(chunk);
    }

    /** The log file is not reopened here: SlotOutput owns that sink and reopens it itself (SIGUSR2, reopen-logs). */
    @Override
    public void reopen() {
        protocol.reopen();
    }

    @Override
    public void close() {
        protocol.close();
    }

    @Override
    public long droppedBytes() {
        return log.droppedBytes();
    }

    @Override
    public long receivedBytes() {
        return protocol.receivedBytes();
    }
}
