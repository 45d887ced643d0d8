package io.jsuper.jsuperd.logs;

import io.jsuper.jsuperd.config.StrftimeFormat;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.core.SinkFactory;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Makes the daemon's output sinks from a stream's config: a rotating file (checked against jsuperd's uid,
 * gzipped backups with {@code compress}) or jsuperd's own stdout/stderr ({@code class = console}), with a
 * timestamp prefix in front of either when {@code time_format} is set. Owns the one compression worker and
 * the two console writers all sinks share.
 */
public final class DaemonSinkFactory implements SinkFactory {
    private final int owner;
    private final BackupCompressor compressor = new BackupCompressor();
    private final ConsoleWriter stdout = new ConsoleWriter(System.out, "jsuperd-console-out");
    private final ConsoleWriter stderr = new ConsoleWriter(System.err, "jsuperd-console-err");

    /** {@code owner}: the uid an existing log file must belong to (jsuperd's own), or -1 for any. */
    public DaemonSinkFactory(int owner) {
        this.owner = owner;
    }

    private final java.util.Map<String, RetentionGroup> groups = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public OutputSink open(Path file, long maxBytes, int backupCount) {
        return new RotatingFileSink(file, maxBytes, backupCount, owner);
    }

    @Override
    public OutputSink open(String processName, Path file, StreamConfig stream) {
        if (stream.console() == null) {
            return open(file, stream);
        }
        ConsoleWriter console = stream.console() == StreamConfig.Console.STDOUT ? stdout : stderr;
        return timestamped(new ConsoleSink(console, processName), stream);
    }

    @Override
    public OutputSink open(Path file, StreamConfig stream) {
        return timestamped(fileSink(file, stream), stream);
    }

    @Override
    public OutputSink open(String watcher, String streamName, String processName, Path file, StreamConfig stream) {
        if (stream.console() != null || stream.maxTotalBytes() <= 0 || stream.backupCount() == 0) {
            return open(processName, file, stream);
        }
        return timestamped(fileSink(file, stream).inRetentionGroup(group(watcher + ":" + streamName, stream)), stream);
    }

    private RotatingFileSink fileSink(Path file, StreamConfig stream) {
        return new RotatingFileSink(file, stream.maxBytes(), stream.backupCount(), owner, stream.rotation(),
                System::nanoTime, System::currentTimeMillis).withMaxTotalBytes(stream.maxTotalBytes())
                .withCompression(stream.compress() ? compressor : null).withSplice(stream.timeFormat() == null);
    }

    /**
     * The watcher stream's retention group; a reload that changed its settings starts a new one (the old
     * sinks are closed by then). One entry per watcher name and stream: bounded by the names ever configured.
     */
    private RetentionGroup group(String key, StreamConfig stream) {
        return groups.compute(key, (k, g) -> g != null && g.sameSettings(stream.maxTotalBytes(), stream.maxBytes(),
                stream.backupCount()) ? g : new RetentionGroup(stream.maxTotalBytes(), stream.maxBytes(), stream.backupCount()));
    }

    private static OutputSink timestamped(OutputSink sink, StreamConfig stream) {
        return stream.timeFormat() == null ? sink : new TimestampingSink(sink, StrftimeFormat.parse(stream.timeFormat()),
                System::currentTimeMillis, ZoneId.systemDefault());
    }
}
