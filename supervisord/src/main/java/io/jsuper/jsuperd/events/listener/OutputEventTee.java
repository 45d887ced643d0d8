package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.logs.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process's output sink that also sends each chunk to the listener pools as PROCESS_LOG_STDOUT / _STDERR
 * ({@code stdout_events_enabled}), with supervisord's payload {@code processname:P groupname:G pid:N channel:C\n}
 * and the data, and in capture mode ({@code stdout_capture_maxbytes}) takes what is between supervisord's tokens
 * out of the output as PROCESS_COMMUNICATION_STDOUT / _STDERR ({@code processname:P groupname:G pid:N\n} and the
 * data). The rest goes to the wrapped sink. On the pump thread; bounded: at most
 * {@link #MAX_IN_TRANSIT} bytes wait for the loop, the rest is not sent as events (counted, logged once per burst).
 */
final class OutputEventTee implements OutputSink {
    private static final Logger log = LoggerFactory.getLogger(OutputEventTee.class);
    static final int MAX_IN_TRANSIT = 256 * 1024;
    /** One event's data at most: a payload stays under SupervisorEvent.MAX_PAYLOAD with its header. */
    static final int MAX_DATA = 63 * 1024;

    private final OutputSink sink;
    private final Scheduler loop;
    private final ListenerPools pools;
    private final String type;
    private final String commType;
    private final String header;
    private final String channel;
    private final boolean logEvents;
    private final CaptureFilter capture;
    private final AtomicInteger inTransit = new AtomicInteger();
    private long pid;
    private long dropped;
    /** The start of a character whose other bytes come with the next read: its event waits for them. */
    private byte[] partial = new byte[0];

    OutputEventTee(OutputSink sink, Scheduler loop, ListenerPools pools, ProcessSlot slot, String stream) {
        this.sink = sink;
        this.loop = loop;
        this.pools = pools;
        this.type = "PROCESS_LOG_" + stream.toUpperCase(Locale.ROOT);
        this.commType = "PROCESS_COMMUNICATION_" + stream.toUpperCase(Locale.ROOT);
        this.header = "processname:" + ProcessStateNames.processName(slot) + " groupname:" + slot.watcherName();
        this.channel = stream;
        this.logEvents = slot.config().monitoring().outputEvents(stream);
        Integer max = slot.config().monitoring().captureMaxBytes().get(stream);
        this.capture = max == null ? null : new CaptureFilter(max);
    }

    @Override
    public void write(ByteBuffer chunk) {
        if (capture == null && !logEvents) {
            sink.write(chunk);
            return;
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        if (capture != null) {
            CaptureFilter.Result r = capture.feed(bytes);
            r.messages().forEach(m -> post(commType, " pid:" + pid + "\n", m));
            bytes = r.output();
        }
        if (logEvents) {
            logEvents(bytes);
        }
        if (bytes.length > 0) {
            sink.write(ByteBuffer.wrap(bytes));
        }
    }

    /** PROCESS_LOG events of whole characters (a pipe read may end inside one), at most MAX_DATA bytes each. */
    private void logEvents(byte[] bytes) {
        byte[] data = bytes;
        if (partial.length > 0) {
            data = Arrays.copyOf(partial, partial.length + bytes.length);
            System.arraycopy(bytes, 0, data, partial.length, bytes.length);
        }
        int end = Utf8Boundary.completeEnd(data);
        partial = Arrays.copyOfRange(data, end, data.length);
        for (int at = 0; at < end; ) {
            int cut = Utf8Boundary.before(data, at, Math.min(end, at + MAX_DATA));
            post(type, " pid:" + pid + " channel:" + channel + "\n", Arrays.copyOfRange(data, at, cut));
            at = cut;
        }
    }

    private void post(String eventType, String tail, byte[] data) {
        if (inTransit.addAndGet(data.length) > MAX_IN_TRANSIT) {
            inTransit.addAndGet(-data.length);
            if (dropped++ == 0) {
                log.warn("{} {}: output comes faster than listeners take it: some is not sent as events", header,
                        eventType);
            }
            return;
        }
        dropped = 0;
        byte[] head = (header + tail).getBytes(StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, payload, head.length, data.length);
        loop.execute(() -> {
            inTransit.addAndGet(-data.length);
            pools.publish(eventType, payload);
        });
    }

    @Override
    public void started(long processId) {
        if (capture != null) {
            byte[] rest = capture.reset(); // held back as a possible token start: the old process's output
            if (rest.length > 0) {
                sink.write(ByteBuffer.wrap(rest));
            }
        }
        partial = new byte[0]; // the old process's unfinished character
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
