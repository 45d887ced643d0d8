package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening log files for the readers, through {@link SafeLogOpen}'s checks (no symlinks, FIFOs, devices). */
public final class LogFiles {
    private LogFiles() {
    }

    /** A read-only channel on {@code file}, or null when it does not exist. */
    public static FileChannel open(Path file) throws IOException {
        return SafeLogOpen.openForReading(file);
    }

    /** The file's content from its start, gunzipped for {@code .gz}; null when it does not exist. */
    static InputStream content(Path file) throws IOException {
        FileChannel ch = open(file);
        if (ch == null) {
            return null;
        }
        InputStream raw = Channels.newInputStream(ch);
        try {
            return LogFileSet.gzipped(file) ? new GZIPInputStream(raw, 64 * 1024) : raw;
        } catch (IOException e) {
            raw.close();
            throw new IOException(file + ": not a readable gzip file (" + e.getMessage() + ")", e);
        }
    }

    /** Empties the current file of a stream (jsuperctl clear); false when it does not exist. */
    public static boolean truncate(Path file) throws IOException {
        return SafeLogOpen.truncate(file);
    }
}
