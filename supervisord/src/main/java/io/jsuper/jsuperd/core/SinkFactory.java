package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.logs.OutputSink;

import java.nio.file.Path;

/** Opens the output sink for one stream of one process (a rotating file in the daemon). */
public interface SinkFactory {
    OutputSink open(Path file, long maxBytes, int backupCount);

    /** With every rotation setting of the stream (time-based rotation too); size-only by default. */
    default OutputSink open(Path file, io.jsuper.jsuperd.config.StreamConfig stream) {
        return open(file, stream.maxBytes(), stream.backupCount());
    }

    /** For process {@code processName} ({@code web:1}): console streams prefix its lines with it. */
    default OutputSink open(String processName, Path file, io.jsuper.jsuperd.config.StreamConfig stream) {
        return open(file, stream);
    }

    /**
     * Stream {@code streamName} ({@code stdout}, {@code stderr}) of process {@code processName} of watcher
     * {@code watcher}: what {@code max_total_bytes} shares among the watcher's processes.
     */
    default OutputSink open(String watcher, String streamName, String processName, Path file,
                            io.jsuper.jsuperd.config.StreamConfig stream) {
        return open(processName, file, stream);
    }
}
