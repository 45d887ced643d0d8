package io.jsuper.e2e;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Lowers another process's {@code RLIMIT_NOFILE} with {@code prlimit(2)} (a microsecond, unlike starting the
 * {@code prlimit} tool), so a test can lower the limit and act within the same moment.
 */
final class DescriptorLimit {
    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int prlimit(int pid, int resource, Memory newLimit, Memory oldLimit);
    }

    private static final int RLIMIT_NOFILE = 7;

    private DescriptorLimit() {
    }

    /** Sets soft and hard limit of {@code pid} to {@code limit}. */
    static void set(long pid, long limit) {
        try (Memory m = new Memory(16)) {
            m.setLong(0, limit);
            m.setLong(8, limit);
            if (C.INSTANCE.prlimit((int) pid, RLIMIT_NOFILE, m, null) != 0) {
                throw new IllegalStateException("prlimit(" + pid + ", RLIMIT_NOFILE, " + limit + ") failed: errno "
                        + Native.getLastError());
            }
        }
    }
}
