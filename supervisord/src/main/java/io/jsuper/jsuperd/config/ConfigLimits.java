package io.jsuper.jsuperd.config;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

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
    /** Largest single read (see {@link #readChunk}). */
    static final int READ_CHUNK = 64 * 1024;
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
        long left = MAX_TOTAL_BYTES - errors.bytesRead();
        int limit = (int) Math.min(MAX_FILE_BYTES, Math.max(0, left));
        ByteBuffer bytes;
        try (FileChannel in = openRegular(file)) {
            if (in.size() > limit) {
                // Known too large before a byte is read: no buffer of the bound's size (4 MiB of heap that the
                // collector then keeps committed) for a file that is refused anyway.
                throw tooLarge(limit);
            }
            // Sized by the file (not by the bound: 5000 small includes must not allocate 4 MiB each),
            // grown if it grows while being read, never past one byte over the bound.
            bytes = ByteBuffer.allocate((int) Math.min(limit + 1L, in.size() + 1));
            while (readChunk(in, bytes) > 0 || !bytes.hasRemaining()) {
                if (!bytes.hasRemaining()) {
                    if (bytes.capacity() > limit) {
                        break;
                    }
                    bytes = ByteBuffer.allocate((int) Math.min(limit + 1L, bytes.capacity() * 2L)).put(bytes.flip());
                }
            }
        }
        if (bytes.position() > limit) {
            throw tooLarge(limit);
        }
        errors.charge(bytes.position());
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    private static TooLarge tooLarge(int limit) {
        return new TooLarge(limit == MAX_FILE_BYTES
                ? "the file is larger than " + mib(MAX_FILE_BYTES) + " MiB"
                : "the config files together are larger than " + mib(MAX_TOTAL_BYTES) + " MiB");
    }

    /**
     * Reads at most {@link #READ_CHUNK} bytes into {@code bytes}. A read into a heap buffer goes through a
     * temporary direct buffer of the same size, which the JDK then keeps cached on the reading thread: one
     * read of a 4 MiB file left the daemon 4 MiB larger for good (issue 9's RSS bound after a 10 MB value).
     */
    private static int readChunk(FileChannel in, ByteBuffer bytes) throws IOException {
        ByteBuffer chunk = bytes.slice(bytes.position(), Math.min(READ_CHUNK, bytes.remaining()));
        int n = in.read(chunk);
        if (n > 0) {
            bytes.position(bytes.position() + n);
        }
        return n;
    }

    /**
     * Opens {@code file} for reading without blocking: a FIFO swapped in for an env_file (e.g. by the user
     * owning the application's directory) would otherwise hang every later reload in open(). The check is
     * made on the opened descriptor, not the path.
     */
    private static FileChannel openRegular(Path file) throws IOException {
        int fd = Calls.INSTANCE.open(file.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(io.jsuper.jsuperd.os.jna.LibC.describe(Native.getLastError()));
        }
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            if (!Files.isRegularFile(self)) { // stat through the descriptor's link: fstat
                throw new IOException("not a regular file");
            }
            return FileChannel.open(self, StandardOpenOption.READ);
        } finally {
            Calls.INSTANCE.close(fd);
        }
    }

    /** open/close only; kept here so that the OS layer's shared binding need not change. */
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int open(String path, int flags);

        int close(int fd);
    }

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
