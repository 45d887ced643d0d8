package io.jsuper.jsuperd.logs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native copy loop of {@code time_format}: {@code libjsuper-stamp.so} (supervisord/src/main/c/jsuper_stamp.c),
 * bound by JNA direct mapping (one native call per output block, no argument objects). Where the library is
 * missing or does not load, {@link LineStamper} keeps its Java loop; both write the same bytes.
 */
final class NativeStamp {

    /** Where the library is, when not next to the spawn helper ({@code jsuper.spawnHelper}). */
    static final String LIBRARY_PROPERTY = "jsuper.stampLibrary";
    private static final Logger LOG = LoggerFactory.getLogger(NativeStamp.class);
    private static final boolean AVAILABLE = load();

    private NativeStamp() {
    }

    /** True when {@link #jsuper_stamp_lines} may be called. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Copies {@code inLen} bytes at {@code in} to {@code out} (at most {@code outCap} bytes), with the prefix before
     * every line start; {@code ctl} is two longs: line start (in and out) and bytes consumed (out). Returns the
     * bytes written. Every address must be valid for its length: nothing is checked on the native side.
     */
    static native long jsuper_stamp_lines(long in, long inLen, long out, long outCap, long prefix, long prefixLen,
                                          long ctl);

    private static boolean load() {
        Path path = libraryPath();
        if (path == null || !Files.isRegularFile(path)) {
            LOG.debug("{} not found: time_format stamps lines in Java (slower)", path);
            return false;
        }
        try {
            Native.register(NativeStamp.class, NativeLibrary.getInstance(path.toAbsolutePath().toString()));
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("cannot load {} ({}): time_format stamps lines in Java (slower)", path, e.getMessage());
            return false;
        }
    }

    private static Path libraryPath() {
        String library = System.getProperty(LIBRARY_PROPERTY);
        if (library != null) {
            return Path.of(library);
        }
        String helper = System.getProperty("jsuper.spawnHelper");
        return helper == null ? null : Path.of(helper).toAbsolutePath().resolveSibling("libjsuper-stamp.so");
    }
}
