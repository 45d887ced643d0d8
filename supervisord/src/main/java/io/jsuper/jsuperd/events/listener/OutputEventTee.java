package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.logs.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process's output sink that also sends each chunk to the listener pools as PROCESS_LOG_STDOUT / _STDERR
 * ({@code stdout_events_enabled}), with supervisord's payload {@code processname:P groupname:G pid:N channel:C\n}
 * and the data. Everything still goes to the wrapped sink. On the pump thread; bounded: at most
 * {@link #MAX_IN_TRANSIT} bytes wait for the loop, the rest is not sent as events (counted, logged once per burst).
 */
final class OutputEventTee implements OutputSink {
    private static final Logger log = LoggerFactory.getLogger(OutputEventTee.class);
    static final int MAX_IN_TRANSIT = 256 * 1024;
    /** One event's data at most: a payload stays under SupervisorEvent.MAX_PAYLOAD with its header. */
    static final int MAX_DATA = SupervisorEvent.MAX_PAYLOAD - 1024;

    private final OutputSink sink;
    private final Scheduler loop;
    private final ListenerPools pools;
    private final String type;
    private final String header;
    private final String channel;
    private final AtomicInteger inTransit = new AtomicInteger();
    private long pid;
    private long dropped;

    OutputEventTee(OutputSink sink, Scheduler loop, ListenerPools pools, ProcessSlot slot, String stream) {
        this.sink = sink;
        this.loop = loop;
        this.pools = pools;
        this.type = "PROCESS_LOG_" + stream.toUpperCase(Locale.ROOT);
        this.header = "processname:" + ProcessStateNames.processName(slot) + " groupname:" + slot.watcherName();
        this.channel = stream;
    }

    @Override
    public void write(ByteBuffer chunk) {
        int start = chunk.position();
        for (int at = start; at < chunk.limit(); at += MAX_DATA) {
            int len = Math.min(MAX_DATA, chunk.limit() - at);
            byte[] data = new byte[len];
            chunk.get(at, data);
            post(data);
        }
        sink.write(chunk);
    }

    private void post(byte[] data) {
        if (inTransit.addAndGet(data.length) > MAX_IN_TRANSIT) {
            inTransit.addAndGet(-data.length);
            if (dropped++ == 0) {
                log.warn("{} {}: output comes faster than listeners take it: some is not sent as events", header, type);
            }
            return;
        }
        dropped = 0;
        byte[] head = (header + " pid:" + pid + " channel:" + channel + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[head.length + data.length];
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(data, 0, payload, head.length, data.length);
        loop.execute(() -> {
            inTransit.addAndGet(-data.length);
            pools.publish(type, payload);
        });
    }

    @Override
    public void started(long processId) {
        pid = processId;
        sink.started(processId);
    }

    @Override
    public void reopen() {
        sink.reopen();
    }

    @Override
    public void close() {
        sink.close();
    }

    @Override
    public long droppedBytes() {
        return sink.droppedBytes();
    }

    @Override
    public long receivedBytes() {
        return sink.receivedBytes();
    }
}
