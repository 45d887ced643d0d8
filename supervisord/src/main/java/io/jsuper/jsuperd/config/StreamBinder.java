package io.jsuper.jsuperd.config;

/** Binds Circus's {@code stdout_stream.*} / {@code stderr_stream.*} options to a {@link StreamConfig}. */
final class StreamBinder {

    private StreamBinder() {
    }

    /** {@code prefix} is "stdout_stream" or "stderr_stream". */
    static StreamConfig bind(SectionValues v, String prefix) {
        StreamConfig.Console console = v.nonBlank(prefix + ".class").map(cls -> consoleOf(v, prefix, cls)).orElse(null);
        String filename = v.nonBlank(prefix + ".filename").orElse(null);
        if (filename != null && console != null) {
            v.error(prefix + ".filename", "a file for a stream that goes to jsuperd's console (" + prefix + ".class)",
                    "remove " + prefix + ".filename, or set " + prefix + ".class = FileStream");
        } else if (filename != null) {
            refuseSpecialFile(v, prefix + ".filename", filename);
        }
        long maxBytes = v.get(prefix + ".max_bytes", StreamConfig.DEFAULT_MAX_BYTES, Converters::byteSize);
        int backups = v.integer(prefix + ".backup_count", StreamConfig.DEFAULT_BACKUP_COUNT, 0, 1000);
        long maxTotal = v.get(prefix + ".max_total_bytes", 0L, Converters::byteSize);
        if (maxTotal > 0 && maxTotal < maxBytes) {
            v.error(prefix + ".max_total_bytes", Converters.quote(v.text(prefix + ".max_total_bytes").orElse(""))
                    + " is less than " + prefix + ".max_bytes", "at least max_bytes (" + maxBytes + " bytes), or 0 for no total limit");
        }
        boolean compress = v.bool(prefix + ".compress", false);
        String timeFormat = v.optional(prefix + ".time_format", StreamBinder::timeFormat).orElse(null);
        return new StreamConfig(filename, maxBytes, backups, timeRotation(v, prefix), maxTotal, compress, timeFormat, console);
    }

    /**
     * {@code class}: a file ({@code FileStream}, the default) or jsuperd's own stdout/stderr: {@code console}
     * (the stream's namesake), {@code stdout} (also Circus's {@code StdoutStream}) or {@code stderr}.
     */
    private static StreamConfig.Console consoleOf(SectionValues v, String prefix, String cls) {
        String simple = cls.startsWith("circus.stream.") ? cls.substring("circus.stream.".length()) : cls;
        switch (simple) {
            case "FileStream":
                return null;
            case "console":
                return prefix.startsWith("stderr") ? StreamConfig.Console.STDERR : StreamConfig.Console.STDOUT;
            case "stdout", "StdoutStream", "FancyStdoutStream":
                return StreamConfig.Console.STDOUT;
            case "stderr":
                return StreamConfig.Console.STDERR;
            default:
                v.error(prefix + ".class", Converters.quote(cls) + " is not a stream class jsuper knows",
                        "FileStream (a rotated file, the default), console, stdout or stderr (jsuperd's own output)");
                return null;
        }
    }

    /** Checked now (every directive known), kept as text: the sink compiles it again. */
    private static String timeFormat(String text) {
        StrftimeFormat.parse(text);
        return text;
    }

    /** {@code rotate_when}, {@code rotate_interval}, {@code utc}: the last two only make sense with the first. */
    private static TimeRotation timeRotation(SectionValues v, String prefix) {
        java.util.Optional<String> when = v.optional(prefix + ".rotate_when", TimeRotation::parseWhen);
        int interval = v.integer(prefix + ".rotate_interval", 1, 1, 1_000_000);
        boolean utc = v.bool(prefix + ".utc", false);
        if (when.isEmpty()) {
            for (String key : java.util.List.of(prefix + ".rotate_interval", prefix + ".utc")) {
                if (v.has(key) && !v.has(prefix + ".rotate_when")) {
                    v.error(key, key + " without " + prefix + ".rotate_when does nothing",
                            prefix + ".rotate_when = " + TimeRotation.ALLOWED + ", or remove " + key);
                }
            }
            return null;
        }
        return new TimeRotation(when.get(), interval, utc);
    }

    /**
     * Output goes to regular files only (they rotate, and the output thread never blocks on them). A device
     * such as /dev/stdout (supervisord's "Illegal seek"), a FIFO or a symlink is refused here, at load,
     * rather than dropped at run time; the sink checks the opened file again, since paths change.
     */
    private static void refuseSpecialFile(SectionValues v, String key, String filename) {
        java.nio.file.Path path;
        try {
            path = java.nio.file.Path.of(filename.replace(Interpolator.WID, "1"));
        } catch (java.nio.file.InvalidPathException e) {
            v.error(key, Converters.quote(filename) + " is not a valid path: " + e.getReason(), "a file path");
            return;
        }
        if (!path.isAbsolute()) {
            return; // under logdir, which jsuperd creates
        }
        String what = null;
        if (path.startsWith("/dev") || path.startsWith("/proc") || path.startsWith("/sys")) {
            what = "a device or kernel file";
        } else if (java.nio.file.Files.isSymbolicLink(path)) {
            what = "a symbolic link (jsuperd does not follow links at the log path)";
        } else if (java.nio.file.Files.exists(path) && !java.nio.file.Files.isRegularFile(path)) {
            what = "not a regular file";
        }
        if (what != null) {
            v.error(key, Converters.quote(filename) + " is " + what,
                    "a regular file (to see output live, follow the file: tail -F); /dev/stdout is not supported");
        }
    }

    static boolean anySet(SectionValues v, String prefix) {
        return v.section().entries().keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
    }
}
