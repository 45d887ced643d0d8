package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

/**
 * What output capture saw for one process, per stream, since the daemon started: bytes the child wrote,
 * and bytes its sinks had to drop (disk full, a refused log file).
 */
public record OutputCounters(long stdoutDroppedBytes, long stderrDroppedBytes, long stdoutBytes, long stderrBytes) {

    public static final OutputCounters NONE = new OutputCounters(0, 0, 0, 0);

    /** Drops only (nothing counted as written). */
    public OutputCounters(long stdoutDroppedBytes, long stderrDroppedBytes) {
        this(stdoutDroppedBytes, stderrDroppedBytes, 0, 0);
    }

    /** Reads the live counters of two sinks (either may be null). */
    static OutputCounters of(OutputSink stdout, OutputSink stderr) {
        boolean ownErr = stderr != null && stderr != stdout;
        long out = stdout == null ? 0 : stdout.droppedBytes();
        long err = ownErr ? stderr.droppedBytes() : 0;
        long outBytes = stdout == null ? 0 : stdout.receivedBytes();
        long errBytes = ownErr ? stderr.receivedBytes() : 0;
        return out == 0 && err == 0 && outBytes == 0 && errBytes == 0 ? NONE
                : new OutputCounters(out, err, outBytes, errBytes);
    }
}
