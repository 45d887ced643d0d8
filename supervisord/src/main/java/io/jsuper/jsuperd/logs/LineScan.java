package io.jsuper.jsuperd.logs;

import java.lang.reflect.Field;

/**
 * Byte scans of the per-line paths (time_format stamping, grep's literal search). jsuperd runs on C1 only, where a
 * VarHandle view of a byte array costs more than an Unsafe load (0.40 vs 0.48 CPU-s per GiB of stamping
 * 100-byte lines); bounds are checked here, by the loop conditions, before every load.
 */
final class LineScan {

    /** Also for {@link LineStamper}'s loop over native memory. */
    static final sun.misc.Unsafe UNSAFE;
    private static final sun.misc.Unsafe U;
    private static final long BYTES_BASE;
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
            UNSAFE = U;
            BYTES_BASE = U.arrayBaseOffset(byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LineScan() {
    }

    /** Index of the first '\n' in {@code a[from..to)}, or {@code to}; eight bytes per step (SWAR). */
    static int newlineAt(byte[] a, int from, int to) {
        return indexOf(a, from, to, (byte) '\n');
    }

    /** Index of the first {@code b} in {@code a[from..to)}, or {@code to}; eight bytes per step (SWAR). */
    static int indexOf(byte[] a, int from, int to, byte b) {
        long pattern = ONES * (b & 0xFF);
        int i = from;
        for (; LITTLE && i + 8 <= to; i += 8) {
            long x = U.getLong(a, BYTES_BASE + i) ^ pattern; // a matching byte becomes 0; little-endian host
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** Index of the last {@code b} in {@code a[from..to)}, or -1. */
    static int lastIndexOf(byte[] a, int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
