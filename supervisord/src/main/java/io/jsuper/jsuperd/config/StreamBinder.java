package io.jsuper.jsuperd.config;

/** Binds Circus's {@code stdout_stream.*} / {@code stderr_stream.*} options to a {@link StreamConfig}. */
final class StreamBinder {

    private StreamBinder() {
    }

    /** {@code prefix} is "stdout_stream" or "stderr_stream". */
    static StreamConfig bind(SectionValues v, String prefix) {
        v.nonBlank(prefix + ".class").ifPresent(cls -> {
            if (!cls.equals("FileStream") && !cls.equals("circus.stream.FileStream")) {
                v.error(prefix + ".class", Converters.quote(cls) + " is not supported: jsuper only writes output to files",
                        "FileStream (or leave the option out)");
            }
        });
        String filename = v.nonBlank(prefix + ".filename").orElse(null);
        long maxBytes = v.get(prefix + ".max_bytes", StreamConfig.DEFAULT_MAX_BYTES, Converters::byteSize);
        int backups = v.integer(prefix + ".backup_count", StreamConfig.DEFAULT_BACKUP_COUNT, 0, 1000);
        return new StreamConfig(filename, maxBytes, backups);
    }

    static boolean anySet(SectionValues v, String prefix) {
        return v.section().entries().keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
    }
}
