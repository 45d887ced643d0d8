package io.jsuper.jsuperd.logs;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * The copy loop of {@code time_format}: copies a chunk into native memory with a prefix at every line start and
 * hands full blocks on. One pass does both the copy and the newline test, 32 bytes per step (four 8-byte loads,
 * four stores, a SWAR zero-byte test on all four): on C1, which is all jsuperd compiles with, that is 0.24 CPU-s
 * per GiB of 100-byte lines against 0.39 for finding each line first and copying it after (bench in
 * docs/logs.md). The input is read where it lies (the pump's native buffer), and the output is a native buffer,
 * so a FileChannel writes it without the JDK's copy of a heap buffer into a temporary direct one.
 * A step that meets a newline has stored bytes past it; they are overwritten by the next prefix and line, and
 * never handed on. Output thread only; one instance per stamped stream, the memory is the thread's.
 */
final class LineStamper {

    /** Bytes handed on per block (the last step may go past by a prefix and a step; the memory has room). */
    static final int BLOCK = 256 * 1024;
    private static final int STEP = 32;
    private static final sun.misc.Unsafe U = LineScan.UNSAFE;
    private static final long BYTES_BASE = U.arrayBaseOffset(byte[].class);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    /** The one-pass loop reads words as little-endian (the lowest address is the lowest byte); others go bytewise. */
    private static final boolean WORDS = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    /** Native output memory of one thread, grown (rarely) when a prefix needs more room past a block. */
    private static final class Scratch {
        final Memory memory;
        final long address;
        final ByteBuffer view;

        Scratch(int capacity) {
            memory = new Memory(capacity);
            address = Pointer.nativeValue(memory);
            view = memory.getByteBuffer(0, capacity);
        }
    }

    private long[] prefixWords = new long[0];
    private int prefixLength;
    private boolean atLineStart = true;

    /** The bytes put before each line from now on. */
    void prefix(byte[] prefix) {
        long[] words = new long[(prefix.length + 7) / 8];
        ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(prefix, words.length * 8)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < words.length; i++) {
            words[i] = b.getLong();
        }
        prefixWords = words;
        prefixLength = prefix.length;
    }

    /** Consumes {@code chunk}, handing the stamped bytes to {@code next} in blocks (each consumed before the next). */
    void stamp(ByteBuffer chunk, Consumer<ByteBuffer> next) {
        Object base;
        long at;
        if (chunk.isDirect()) {
            base = null;
            at = Pointer.nativeValue(Native.getDirectBufferPointer(chunk)) + chunk.position();
        } else if (chunk.hasArray()) {
            base = chunk.array();
            at = BYTES_BASE + chunk.arrayOffset() + chunk.position();
        } else { // a read-only heap buffer: copy it once
            byte[] copy = new byte[chunk.remaining()];
            chunk.duplicate().get(copy);
            base = copy;
            at = BYTES_BASE;
        }
        Scratch out = scratch();
        long end = stamp(base, at, at + chunk.remaining(), out, next);
        hand(out, end, next);
        chunk.position(chunk.limit());
    }

    private Scratch scratch() {
        int capacity = BLOCK + prefixWords.length * 8 + 2 * STEP;
        Scratch s = SCRATCH.get();
        if (s == null || s.view.capacity() < capacity) {
            s = new Scratch(Math.max(capacity, BLOCK + 256));
            SCRATCH.set(s);
        }
        return s;
    }

    /** Stamps {@code [at, end)} of {@code base}; returns the output position (within {@code out}) not yet handed on. */
    private long stamp(Object base, long at, long end, Scratch out, Consumer<ByteBuffer> next) {
        long o = out.address;
        long flushAt = out.address + BLOCK;
        while (WORDS && at + STEP <= end) {
            if (o >= flushAt) {
                o = hand(out, o, next);
            }
            if (atLineStart) {
                o = putPrefix(o);
                atLineStart = false;
            }
            long w0 = U.getLong(base, at);
            long w1 = U.getLong(base, at + 8);
            long w2 = U.getLong(base, at + 16);
            long w3 = U.getLong(base, at + 24);
            U.putLong(o, w0);
            U.putLong(o + 8, w1);
            U.putLong(o + 16, w2);
            U.putLong(o + 24, w3);
            long x0 = w0 ^ NEWLINES;
            long x1 = w1 ^ NEWLINES;
            long x2 = w2 ^ NEWLINES;
            long x3 = w3 ^ NEWLINES;
            // A byte of x is 0 where the input byte was '\n': (x - 1) & ~x sets its high bit (exact for the first one).
            long z0 = (x0 - ONES) & ~x0 & HIGHS;
            long z1 = (x1 - ONES) & ~x1 & HIGHS;
            long z2 = (x2 - ONES) & ~x2 & HIGHS;
            long z3 = (x3 - ONES) & ~x3 & HIGHS;
            if ((z0 | z1 | z2 | z3) == 0) {
                at += STEP;
                o += STEP;
                continue;
            }
            int k = z0 != 0 ? Long.numberOfTrailingZeros(z0) >>> 3
                    : z1 != 0 ? 8 + (Long.numberOfTrailingZeros(z1) >>> 3)
                    : z2 != 0 ? 16 + (Long.numberOfTrailingZeros(z2) >>> 3)
                    : 24 + (Long.numberOfTrailingZeros(z3) >>> 3);
            at += k + 1;
            o += k + 1;
            atLineStart = true;
        }
        for (; at < end; at++) { // the last bytes (fewer than a step)
            if (o >= flushAt) {
                o = hand(out, o, next);
            }
            if (atLineStart) {
                o = putPrefix(o);
                atLineStart = false;
            }
            byte b = U.getByte(base, at);
            U.putByte(o++, b);
            atLineStart = b == '\n';
        }
        return o;
    }

    private long putPrefix(long o) {
        long[] words = prefixWords;
        for (int i = 0; i < words.length; i++) {
            U.putLong(o + 8L * i, words[i]);
        }
        return o + prefixLength;
    }

    /** Hands on {@code [start, o)} of the scratch memory; returns the start again. */
    private static long hand(Scratch out, long o, Consumer<ByteBuffer> next) {
        int length = (int) (o - out.address);
        if (length > 0) {
            out.view.clear().limit(length);
            next.accept(out.view);
        }
        return out.address;
    }
}
