package io.jsuper.jsuperd.containment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * "Now" in the unit of /proc/PID/stat's start time (clock ticks since boot; USER_HZ is 100 on every
 * Linux architecture jsuper runs on), without a file read per call: calibrated once from /proc/uptime.
 */
final class BootClock {
    static final long TICKS_PER_SECOND = 100;

    private final long offsetNanos;

    BootClock(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    static BootClock system() {
        try {
            String first = Files.readString(Path.of("/proc/uptime")).strip().split("\\s+")[0];
            long uptimeNanos = (long) (Double.parseDouble(first) * 1e9);
            return new BootClock(uptimeNanos - System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return new BootClock(Long.MAX_VALUE / 4); // unknown: every process counts as started before now
        }
    }

    long ticksNow() {
        return (System.nanoTime() + offsetNanos) / (1_000_000_000L / TICKS_PER_SECOND);
    }
}
