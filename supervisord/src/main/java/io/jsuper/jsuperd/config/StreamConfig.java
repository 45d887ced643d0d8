package io.jsuper.jsuperd.config;

import java.nio.file.Path;

/**
 * Where one output stream of a watcher's processes goes.
 *
 * @param filename    file template, may contain {@code $(circus.wid)}; null means the default
 *                    {@code <logdir>/<watcher>-<wid>.stdout.log} (or .stderr.log)
 * @param maxBytes    rotate when the file would grow past this (0 = never rotate)
 * @param backupCount rotated files to keep (file.1 … file.N)
 * @param rotation    time-based rotation besides the size-based one, or null for none
 * @param maxTotalBytes the backups together stay under this (oldest deleted first); 0 = count only
 * @param compress    gzip rotated files ({@code file.N.gz}) off the output thread
 * @param timeFormat  strftime-style prefix of every line ({@code time_format}), or null for none
 * @param console     write to jsuperd's own stdout or stderr instead of a file, or null for a file
 */
public record StreamConfig(String filename, long maxBytes, int backupCount, TimeRotation rotation, long maxTotalBytes,
                           boolean compress, String timeFormat, Console console) {

    /** Where a console stream goes ({@code class = console}, {@code stdout} or {@code stderr}). */
    public enum Console { STDOUT, STDERR }

    /** Files, without compression, timestamps or console. */
    public StreamConfig(String filename, long maxBytes, int backupCount, TimeRotation rotation, long maxTotalBytes) {
        this(filename, maxBytes, backupCount, rotation, maxTotalBytes, false, null, null);
    }

    /** Size-based rotation only. */
    public StreamConfig(String filename, long maxBytes, int backupCount) {
        this(filename, maxBytes, backupCount, null, 0);
    }

    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    public static final int DEFAULT_BACKUP_COUNT = 10;

    public static StreamConfig defaults() {
        return new StreamConfig(null, DEFAULT_MAX_BYTES, DEFAULT_BACKUP_COUNT);
    }

    /** The file for process {@code wid}, resolved against {@code logdir}. */
    public Path fileFor(Path logdir, String watcher, int wid, String streamName) {
        if (filename == null) {
            return logdir.resolve(watcher + "-" + wid + "." + streamName + ".log");
        }
        return logdir.resolve(filename.replace("$(circus.wid)", Integer.toString(wid)));
    }
}
