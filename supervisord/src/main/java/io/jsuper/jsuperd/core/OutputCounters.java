package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

/**
 * What output capture lost for one process: bytes its sinks had to drop (disk full, a refused log
 * file), per stream, counted since the daemon started.
 */
public record OutputCounters(long stdoutDroppedBytes, long stderrDroppedBytes) {

    public static final OutputCounters NONE = new OutputCounters(0, 0);

    /** Reads the live counters of two sinks (either may be null). */
    static OutputCounters of(OutputSink stdout, OutputSink stderr) {
        long out = stdout == null ? 0 : stdout.droppedBytes();
        long err = stderr == null || stderr == stdout ? 0 : stderr.droppedBytes();
        return out == 0 && err == 0 ? NONE : new OutputCounters(out, err);
    }
}
