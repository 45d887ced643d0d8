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
 * and the data (as text: bytes that are not UTF-8 become {@code Undecodable: b'...'}, as supervisord sends them),
 * and in capture mode ({@code stdout_capture_maxbytes}) takes what is between supervisord's tokens
 * out of the output as PROCESS_COMMUNICATION_STDOUT / _STDERR ({@code processname:P groupname:G pid:N\n} and the
 * data). The rest goes to the wrapped sink. On the pump thread; bounded: at most {@link #MAX_IN_TRANSIT} bytes of
 * PROCESS_LOG events and {@link #MAX_MESSAGES_IN_TRANSIT} of capture messages wait for the loop, the rest is not sent
 * as events (counted, logged once per burst). While no pool listens to this stream's PROCESS_LOG events and capture
 * mode is off, nothing needs to see the bytes: the wrapped sink may move them by splice(2).
 */
final class OutputEventTee implements OutputSink {
    private static final Logger log = LoggerFactory.getLogger(OutputEventTee.class);
    static final int MAX_IN_TRANSIT = 256 * 1024;
    /**
     * Capture messages waiting for the loop: their own budget (a chatty log does not crowd them out), room for what
     * one read can end: a message of up to 1 MiB collected before it and up to 1 MiB of messages in it (as text, 4x).
     */
    static final int MAX_MESSAGES_IN_TRANSIT = 2 * SupervisorEvent.MAX_PAYLOAD;
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
    private final AtomicInteger messagesInTransit = new AtomicInteger();
    private long pid;
    private long dropped;
    /** The start of a character whose other bytes come with the next read: its event waits for them. */
    private byte[] partial = NOTHING;
    private static final byte[] NOTHING = new byte[0];

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
        boolean events = logEvents && pools.listensTo(type);
        if (capture == null && !events) {
            partial = NOTHING; // a character begun before is not sent alone once events are listened to again
            sink.write(chunk);
            return;
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        if (capture != null) {
            CaptureFilter.Result r = capture.feed(bytes);
            r.messages().forEach(m -> post(commType, " pid:" + pid + "\n", m, messagesInTransit, MAX_MESSAGES_IN_TRANSIT));
            bytes = r.output();
        }
        if (events) {
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
            post(type, " pid:" + pid + " channel:" + channel + "\n", Arrays.copyOfRange(data, at, cut), inTransit,
                    MAX_IN_TRANSIT);
            at = cut;
        }
    }

    /** {@code raw} as supervisord sends it (UndecodableText), counted against {@code budget} as sent. */
    private void post(String eventType, String tail, byte[] raw, AtomicInteger waiting, int budget) {
        byte[] data = raw.length > budget ? raw : UndecodableText.of(raw); // too big: dropped below anyway
        if (waiting.addAndGet(data.length) > budget) {
            waiting.addAndGet(-data.length);
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
            waiting.addAndGet(-data.length);
            pools.publish(eventType, payload);
        });
    }

    /**
     * By splice when nothing needs to see the bytes (no capture mode, no pool listening to this stream's
     * PROCESS_LOG events now); otherwise the pump reads them and calls {@link #write}.
     */
    @Override
    public long spliceFrom(int pipeFd, long max) {
        return capture == null && !(logEvents && pools.listensTo(type)) ? sink.spliceFrom(pipeFd, max) : SPLICE_NOT_NOW;
    }

    @Override
    public int readLimit(int max) {
        return sink.readLimit(max);
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
