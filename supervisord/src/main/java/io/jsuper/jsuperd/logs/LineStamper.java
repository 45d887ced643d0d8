package io.jsuper.jsuperd.logs;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The copy loop of {@code time_format}: copies a chunk into native memory with a prefix at every line start and
 * hands full blocks on. The loop is native ({@link NativeStamp}: glibc's memchr and memcpy, about 0.1 CPU-s per
 * GiB of 100-byte lines) when its library loads, else Java: one pass doing both the copy and the newline test,
 * 32 bytes per step (four 8-byte loads, four stores, a SWAR zero-byte test on all four): on C1, which is all
 * jsuperd compiles with, that is 0.24 CPU-s per GiB once compiled, against 0.39 for finding each line first and
 * copying it after (bench in docs/logs.md). The input is read where it lies (the pump's native buffer), and the
 * output is a native buffer, so a FileChannel writes it without the JDK's copy of a heap buffer into a temporary
 * direct one. A Java step that meets a newline has stored bytes past it; they are overwritten by the next prefix
 * and line, and never handed on. Output thread only; one instance per stamped stream, the memory is the thread's.
 */
final class LineStamper {

    /**
     * Bytes handed on per block (the Java loop's last step may go past by a prefix and a step; the memory has room).
     * A stamped read (up to 1 MiB in, 1.3 MiB out with 100-byte lines) is then two writes: the page cache takes
     * large writes in large folios (cheaper than 256 KiB ones), and 1 MiB measured steadier than 2 MiB (docs/logs.md).
     */
    static final int BLOCK = 1024 * 1024;
    private static final int STEP = 32;
    private static final sun.misc.Unsafe U = LineScan.UNSAFE;
    private static final int HEAP_PIECE = 64 * 1024;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    /** The one-pass loop reads words as little-endian (the lowest address is the lowest byte); others go bytewise. */
    private static final boolean WORDS = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    /** Native output memory of one thread, grown (rarely) when a prefix needs more room past a block. */
    private static final class Scratch {
        final Memory memory;
        final int capacity;
        final long address;
        final ByteBuffer view;
        final long input; // HEAP_PIECE bytes after the output area, for heap chunks
        final ByteBuffer inputView;
        final long control; // the native loop's two longs: line start, bytes consumed
        final long prefix; // the stamper's prefix for the native loop (capacity - BLOCK bytes: room for any)

        Scratch(int capacity) {
            this.capacity = capacity;
            memory = new Memory(2L * capacity - BLOCK + HEAP_PIECE + 16);
            address = Pointer.nativeValue(memory);
            view = memory.getByteBuffer(0, capacity);
            input = address + capacity;
            inputView = memory.getByteBuffer(capacity, HEAP_PIECE);
            control = input + HEAP_PIECE;
            prefix = control + 16;
        }
    }

    private final boolean nativeLoop;
    private final int block;
    private long[] prefixWords = new long[0];
    private int prefixLength;
    private boolean atLineStart = true;

    /** With the native loop when its library loaded. */
    LineStamper() {
        this(NativeStamp.available(), BLOCK);
    }

    /**
     * For tests: {@code nativeLoop} picks the loop (true only when {@link NativeStamp#available()}), {@code block}
     * (at most {@link #BLOCK}, more than any prefix) is how many bytes a handed block has before the next starts.
     */
    LineStamper(boolean nativeLoop, int block) {
        if (nativeLoop && !NativeStamp.available() || block > BLOCK) {
            throw new IllegalArgumentException("no native loop, or a block over " + BLOCK);
        }
        this.nativeLoop = nativeLoop;
        this.block = block;
    }

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
        Scratch out = scratch();
        if (nativeLoop) {
            long[] words = prefixWords;
            for (int i = 0; i < words.length; i++) {
                U.putLong(out.prefix + 8L * i, words[i]);
            }
        }
        if (chunk.isDirect()) {
            long at = Pointer.nativeValue(Native.getDirectBufferPointer(chunk)) + chunk.position();
            hand(out, stamp(at, at + chunk.remaining(), out, out.address, next), next);
            chunk.position(chunk.limit());
            return;
        }
        // A heap chunk (tests, and nothing else today): through the scratch's input area, a piece at a time.
        long o = out.address;
        while (chunk.hasRemaining()) {
            int n = Math.min(chunk.remaining(), HEAP_PIECE);
            out.inputView.clear();
            out.inputView.put(chunk.duplicate().limit(chunk.position() + n));
            chunk.position(chunk.position() + n);
            o = stamp(out.input, out.input + n, out, o, next);
        }
        hand(out, o, next);
    }

    private Scratch scratch() {
        int capacity = BLOCK + prefixWords.length * 8 + 2 * STEP;
        Scratch s = SCRATCH.get();
        if (s == null || s.capacity < capacity) {
            s = new Scratch(Math.max(capacity, BLOCK + 256));
            SCRATCH.set(s);
        }
        return s;
    }

    /**
     * Stamps the native bytes {@code [at, end)} into the scratch from {@code o} on; returns the output position not
     * yet handed on. Locals only in the loop: C1 keeps them in registers, fields it loads and stores every time.
     */
    private long stamp(long at, long end, Scratch out, long o, Consumer<ByteBuffer> next) {
        if (nativeLoop) {
            return stampNatively(at, end, out, o, next);
        }
        long flushAt = out.address + block;
        boolean lineStart = atLineStart;
        boolean shortPrefix = prefixWords.length <= 4; // the usual case: four stores, no loop
        long[] p = Arrays.copyOf(prefixWords, 4);
        long p0 = p[0];
        long p1 = p[1];
        long p2 = p[2];
        long p3 = p[3];
        int length = prefixLength;
        while (WORDS && at + STEP <= end) {
            if (o >= flushAt) {
                o = hand(out, o, next);
            }
            if (lineStart) {
                if (shortPrefix) {
                    U.putLong(o, p0);
                    U.putLong(o + 8, p1);
                    U.putLong(o + 16, p2);
                    U.putLong(o + 24, p3);
                    o += length;
                } else {
                    o = putPrefix(o);
                }
                lineStart = false;
            }
            long w0 = U.getLong(at);
            long w1 = U.getLong(at + 8);
            long w2 = U.getLong(at + 16);
            long w3 = U.getLong(at + 24);
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
            int k = z0 != 0 ? firstByte(z0)
                    : z1 != 0 ? 8 + firstByte(z1)
                    : z2 != 0 ? 16 + firstByte(z2)
                    : 24 + firstByte(z3);
            at += k + 1;
            o += k + 1;
            lineStart = true;
        }
        for (; at < end; at++) { // the last bytes (fewer than a step)
            if (o >= flushAt) {
                o = hand(out, o, next);
            }
            if (lineStart) {
                o = putPrefix(o);
                lineStart = false;
            }
            byte b = U.getByte(at);
            U.putByte(o++, b);
            lineStart = b == '\n';
        }
        atLineStart = lineStart;
        return o;
    }

    /** As {@link #stamp(long, long, Scratch, long, Consumer)}, by the native loop: a block is handed when it is full. */
    private long stampNatively(long at, long end, Scratch out, long o, Consumer<ByteBuffer> next) {
        long limit = out.address + Math.max(block, prefixLength + 1L); // the scratch has room for both
        U.putLong(out.control, atLineStart ? 1 : 0);
        while (at < end) {
            long written = NativeStamp.jsuper_stamp_lines(at, end - at, o, limit - o, out.prefix, prefixLength,
                    out.control);
            long consumed = U.getLong(out.control + 8);
            if (written == 0 && consumed == 0 && o == out.address) {
                throw new IllegalStateException("native stamp loop made no progress"); // never: a guard against a spin
            }
            at += consumed;
            o += written;
            if (at < end) {
                o = hand(out, o, next); // the block is full (or has no room for the next prefix)
            }
        }
        atLineStart = U.getLong(out.control) != 0;
        return o;
    }

    /**
     * Index of the lowest byte whose high bit is set in {@code z} (only high bits are set). C1 does not make
     * Long.numberOfTrailingZeros an instruction but a call (3 % of the stamping time was that call); this is
     * inlined: the lowest bit alone, moved to bit 8j, times 0x0001020304050607 puts j in the top byte.
     */
    private static int firstByte(long z) {
        return (int) ((((z & -z) >>> 7) * 0x0001020304050607L) >>> 56);
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
