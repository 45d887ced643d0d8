package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.logs.OutputSink;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * An event listener's stdout, read on the pump thread and handed to the loop, where the pool reads the protocol.
 * Not logged (it is the protocol channel). Bounded: a listener that floods its stdout has at most
 * {@link #MAX_IN_TRANSIT} bytes waiting for the loop; beyond that its bytes are dropped and it becomes UNKNOWN (told
 * to the loop once, as a null chunk).
 */
final class ProtocolSink implements OutputSink {
    static final int MAX_IN_TRANSIT = 64 * 1024;

    private final ListenerProcess process;
    private final Scheduler loop;
    private final BiConsumer<ListenerProcess, byte[]> received;
    private long receivedBytes;
    private boolean flooded;

    ProtocolSink(ListenerProcess process, Scheduler loop, BiConsumer<ListenerProcess, byte[]> received) {
        this.process = process;
        this.loop = loop;
        this.received = received;
    }

    @Override
    public void write(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        receivedBytes += bytes.length;
        if (process.inTransit.addAndGet(bytes.length) > MAX_IN_TRANSIT) {
            process.inTransit.addAndGet(-bytes.length);
            if (!flooded) { // told once; null means "flooded": the listener becomes UNKNOWN
                flooded = true;
                loop.execute(() -> received.accept(process, null));
            }
            return;
        }
        loop.execute(() -> {
            process.inTransit.addAndGet(-bytes.length);
            received.accept(process, bytes);
        });
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
    }

    @Override
    public long receivedBytes() {
        return receivedBytes;
    }
}
