package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bounds every config must fit in, so that no config (main file, includes, env files) can exhaust
 * the daemon's memory or stack, at start or on a reload: a too-large input is a config error naming the
 * file and line, read no further than the bound. Documented in docs/configuration.md ("Limits").
 */
final class ConfigLimits {

    /** One file (main, include or env_file). */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /** Everything one load reads, over all files. */
    static final long MAX_TOTAL_BYTES = 16L * 1024 * 1024;
    /** One line, and one value (continuation lines joined, and after interpolation): the kernel's MAX_ARG_STRLEN. */
    static final int MAX_VALUE_CHARS = 128 * 1024;
    /** Sections over all files. */
    static final int MAX_SECTIONS = 20_000;
    /** Files over all includes. */
    static final int MAX_FILES = 10_000;
    /** Nesting of include (a file including a file including …). */
    static final int MAX_INCLUDE_DEPTH = 32;
    /**
     * What one spawn's argv and environment may take (strings, their NULs and the pointer arrays): the
     * kernel's ARG_MAX with the default 8 MiB stack is 2 MiB; 64 KiB of it are left for the spawn helper.
     */
    static final int MAX_ARGV_ENV_BYTES = 2 * 1024 * 1024 - 64 * 1024;

    private ConfigLimits() {
    }

    /** A file larger than its bound; the message says which bound. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * Reads at most {@code MAX_FILE_BYTES} (and what is left of the load's total) of {@code file}; the
     * file must be a regular file (a FIFO would block the read).
     */
    static byte[] read(Path file, ErrorList errors) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file");
        }
        long left = MAX_TOTAL_BYTES - errors.bytesRead();
        int limit = (int) Math.min(MAX_FILE_BYTES, Math.max(0, left));
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new TooLarge(limit == MAX_FILE_BYTES
                    ? "the file is larger than " + mib(MAX_FILE_BYTES) + " MiB"
                    : "the config files together are larger than " + mib(MAX_TOTAL_BYTES) + " MiB");
        }
        errors.charge(bytes.length);
        return bytes;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
