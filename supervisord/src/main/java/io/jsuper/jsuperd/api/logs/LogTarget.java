package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.logs.LogFileSet;
import io.jsuper.jsuperd.logs.LineStamps;

/**
 * One followed/read stream: its label ({@code web:1}, or {@code jsuperd}), its files, and how to read the
 * {@code time_format} stamp its lines start with (null when they carry none, or one that pins no day).
 */
public record LogTarget(String label, LogFileSet files, LineStamps stamps) {

    /** A stream whose lines carry no stamp jsuper can read back. */
    public LogTarget(String label, LogFileSet files) {
        this(label, files, null);
    }
}
