package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.config.StrftimeFormat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * Puts {@code TIME [PID] | } (Circus's {@code time_format} prefix) in front of every line before it reaches
 * the next sink. Prefixes go at line starts only: a line split across two reads gets one prefix. The clock
 * is read once per chunk (all lines of a chunk were written before it was read), the prefix text is made
 * once per second (or per chunk with {@code %f}) and the copy is {@link LineStamper}'s loop (native where its
 * library loads) into native memory shared by the thread's stamped streams, so there is no allocation per
 * line. Runs on the output thread, like every sink.
 */
public final class TimestampingSink implements OutputSink {

    private final OutputSink next;
    private final StrftimeFormat format;
    private final LongSupplier wallMillis;
    private final ZoneId zone;
    private final LineStamper stamper;
    private final StringBuilder text = new StringBuilder(64);
    private long prefixKey = Long.MIN_VALUE; // the second (or millisecond) the prefix was made for
    private long prefixPid = -1;
    private volatile long pid; // set on the output thread when a process of the slot starts

    public TimestampingSink(OutputSink next, StrftimeFormat format, LongSupplier wallMillis, ZoneId zone) {
        this(next, format, wallMillis, zone, new LineStamper());
    }

    /** With the given copy loop (tests pick the native or the Java one). */
    TimestampingSink(OutputSink next, StrftimeFormat format, LongSupplier wallMillis, ZoneId zone, LineStamper stamper) {
        this.stamper = stamper;
        this.next = next;
        this.format = format;
        this.wallMillis = wallMillis;
        this.zone = zone;
    }

    @Override
    public void started(long processId) {
        this.pid = processId;
        next.started(processId);
    }

    @Override
    public void write(ByteBuffer chunk) {
        updatePrefix(wallMillis.getAsLong());
        stamper.stamp(chunk, next::write);
    }

    /** Index of the first '\n' in {@code a[from..to)}, or {@code to}. */
    static int newlineAt(byte[] a, int from, int to) {
        return LineScan.newlineAt(a, from, to);
    }

    private void updatePrefix(long now) {
        long key = format.subSecond() ? now : Math.floorDiv(now, 1000);
        long p = pid;
        if (key != prefixKey || p != prefixPid) {
            text.setLength(0);
            format.format(now, zone, text);
            text.append(" [").append(p).append("] | ");
            stamper.prefix(text.toString().getBytes(StandardCharsets.UTF_8));
            prefixKey = key;
            prefixPid = p;
        }
    }

    @Override
    public void reopen() {
        next.reopen();
    }

    @Override
    public void close() {
        next.close();
    }

    @Override
    public long droppedBytes() {
        return next.droppedBytes();
    }
}
