package io.jsuper.jsuperd.logs;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} bytes a child wrote, in memory, for {@code jsuperctl tail}. Offsets count
 * every byte ever written, so a reader can poll "everything since offset X" like supervisord's
 * {@code tailProcessStdoutLog}. Written on the pump thread, read from any thread.
 */
public final class TailBuffer implements OutputSink {

    /** Bytes from {@code offset} up to {@code end}; {@code overflow} when older bytes were already gone. */
    public record Tail(byte[] bytes, long offset, long end, boolean overflow) {
    }

    private final byte[] ring;
    private long total; // bytes ever written; ring[(total - 1) % capacity] is the newest

    public TailBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0");
        }
        this.ring = new byte[capacity];
    }

    @Override
    public synchronized void write(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n > ring.length) { // only the newest capacity bytes can survive
            chunk.position(chunk.position() + n - ring.length);
            total += n - ring.length;
            n = ring.length;
        }
        int at = (int) (total % ring.length);
        int first = Math.min(n, ring.length - at);
        chunk.get(ring, at, first);
        chunk.get(ring, 0, n - first);
        total += n;
    }

    /** Everything written since {@code offset} that is still held (clamped to the retained window). */
    public synchronized Tail since(long offset) {
        long start = Math.max(Math.max(offset, 0), total - ring.length);
        if (start >= total) {
            return new Tail(new byte[0], total, total, offset < total - ring.length);
        }
        byte[] out = new byte[(int) (total - start)];
        int at = (int) (start % ring.length);
        int first = Math.min(out.length, ring.length - at);
        System.arraycopy(ring, at, out, 0, first);
        System.arraycopy(ring, 0, out, first, out.length - first);
        return new Tail(out, start, total, start > offset);
    }

    /** The newest {@code count} bytes (fewer if less was written). */
    public Tail last(int count) {
        synchronized (this) {
            return since(total - count);
        }
    }

    public synchronized long total() {
        return total;
    }

    @Override
    public void reopen() {
        // nothing to reopen
    }

    @Override
    public void close() {
        // keeps its content: the tail of a stopped process stays readable
    }
}
