package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/** Hands every chunk to several sinks (a log file and a tail buffer); one failing sink does not stop the others. */
public final class TeeSink implements OutputSink {

    private static final Logger LOG = LoggerFactory.getLogger(TeeSink.class);

    private final List<OutputSink> sinks;

    public TeeSink(List<OutputSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public List<OutputSink> sinks() {
        return sinks;
    }

    @Override
    public void write(ByteBuffer chunk) {
        for (OutputSink sink : sinks) {
            try {
                sink.write(chunk.duplicate());
            } catch (RuntimeException e) {
                LOG.error("output sink {} failed", sink, e);
            }
        }
        chunk.position(chunk.limit());
    }

    @Override
    public void reopen() {
        sinks.forEach(OutputSink::reopen);
    }

    @Override
    public void close() {
        sinks.forEach(OutputSink::close);
    }
}
