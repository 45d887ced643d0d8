package io.jsuper.jsuperd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signals this process inherited as ignored ({@code SigIgn} of {@code /proc/self/status}). The JVM keeps an
 * inherited SIG_IGN for HUP, INT and TERM and then silently installs no handler (JVM_RegisterSignal), so a
 * jsuperd started under {@code nohup} would never reload on SIGHUP unless the disposition is reset first.
 */
record IgnoredSignals(long mask) {

    static IgnoredSignals ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return new IgnoredSignals(0);
        }
    }

    /** Reads the {@code SigIgn:} line (a hexadecimal mask, bit N-1 for signal N) of a status text. */
    static IgnoredSignals parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("SigIgn:")) {
                return new IgnoredSignals(Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16));
            }
        }
        return new IgnoredSignals(0);
    }

    boolean contains(int signal) {
        return signal >= 1 && signal <= 64 && (mask & (1L << (signal - 1))) != 0;
    }
}
