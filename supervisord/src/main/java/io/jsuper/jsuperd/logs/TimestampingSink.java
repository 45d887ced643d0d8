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
 * once per second (or per chunk with {@code %f}) and lines are copied into one reused buffer, so there is
 * no allocation per line. Runs on the output thread, like every sink.
 */
public final class TimestampingSink implements OutputSink {

    private static final int OUT_SIZE = 256 * 1024;
    private static final int IN_SIZE = 64 * 1024;

    private final OutputSink next;
    private final StrftimeFormat format;
    private final LongSupplier wallMillis;
    private final ZoneId zone;

    /**
     * Scratch buffers shared by every stamped sink of the output thread: write() hands its output on whole
     * before returning, so nothing stays in them between calls (320 KiB per stamped stream was 640 MB with
     * 1000 stamped processes, ten times jsuperd's heap).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final byte[] in = new byte[IN_SIZE];
        final byte[] out = new byte[OUT_SIZE];
        final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    }

    private byte[] in;
    private byte[] out;
    private ByteBuffer outBuffer;
    private int filled;
    private final StringBuilder text = new StringBuilder(64);
    private boolean atLineStart = true;
    private byte[] prefix = new byte[0];
    private long prefixKey = Long.MIN_VALUE; // the second (or millisecond) the prefix was made for
    private long prefixPid = -1;
    private volatile long pid; // set on the output thread when a process of the slot starts

    public TimestampingSink(OutputSink next, StrftimeFormat format, LongSupplier wallMillis, ZoneId zone) {
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
        Scratch scratch = SCRATCH.get();
        in = scratch.in;
        out = scratch.out;
        outBuffer = scratch.outBuffer;
        byte[] p = prefixFor(wallMillis.getAsLong());
        while (chunk.hasRemaining()) {
            int n = Math.min(in.length, chunk.remaining());
            chunk.get(in, 0, n);
            stamp(n, p);
        }
        flush();
        in = null; // the scratch buffers are the thread's, not this sink's
        out = null;
        outBuffer = null;
    }

    /** Copies {@code in[0..n)} into the output buffer, a prefix before each line start. */
    private void stamp(int n, byte[] p) {
        int i = 0;
        while (i < n) {
            if (atLineStart) {
                if (OUT_SIZE - filled < p.length) {
                    flush();
                }
                System.arraycopy(p, 0, out, filled, p.length);
                filled += p.length;
                atLineStart = false;
            }
            int end = newlineAt(in, i, n);
            if (end < n) {
                end++; // the newline itself
                atLineStart = true;
            }
            copy(i, end - i);
            i = end;
        }
    }

    /** Index of the first '\n' in {@code a[from..to)}, or {@code to}. */
    static int newlineAt(byte[] a, int from, int to) {
        return LineScan.newlineAt(a, from, to);
    }

    private void copy(int from, int length) {
        while (length > 0) {
            if (filled == OUT_SIZE) {
                flush();
            }
            int n = Math.min(length, OUT_SIZE - filled);
            System.arraycopy(in, from, out, filled, n);
            filled += n;
            from += n;
            length -= n;
        }
    }

    private void flush() {
        if (filled > 0) {
            outBuffer.clear().limit(filled);
            next.write(outBuffer);
            filled = 0;
        }
    }

    private byte[] prefixFor(long now) {
        long key = format.subSecond() ? now : Math.floorDiv(now, 1000);
        long p = pid;
        if (key != prefixKey || p != prefixPid) {
            text.setLength(0);
            format.format(now, zone, text);
            text.append(" [").append(p).append("] | ");
            prefix = text.toString().getBytes(StandardCharsets.UTF_8);
            prefixKey = key;
            prefixPid = p;
        }
        return prefix;
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
