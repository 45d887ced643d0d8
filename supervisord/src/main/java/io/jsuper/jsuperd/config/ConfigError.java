package io.jsuper.jsuperd.config;

import java.nio.file.Path;

/**
 * One problem found in the configuration, located as precisely as possible.
 *
 * @param file    the file it is in (null when not known, e.g. a problem with the command line)
 * @param line    1-based line number, 0 when the problem has no single line
 * @param section section name without brackets, or null
 * @param key     option name, or null
 * @param found   what was found, as a phrase: {@code "abc" is not an integer}
 * @param allowed what would have been accepted: {@code a whole number 1..10000}; may be empty; or, where
 *                nothing written would be, where to read on: {@code see docs/compatibility.md}
 */
public record ConfigError(Path file, int line, String section, String key, String found, String allowed) {

    private static final String SEE = "see ";

    public ConfigError {
        allowed = allowed == null ? "" : allowed;
    }

    /** {@code conf.d/web.ini:12: [watcher:web] numprocesses: "abc" is not an integer (expected …)}. */
    public String format(Path baseDir) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(location(baseDir)).append(": ");
        }
        if (section != null) {
            b.append('[').append(section).append("] ");
        }
        if (key != null) {
            b.append(key).append(": ");
        }
        b.append(found);
        if (allowed.startsWith(SEE)) {
            b.append(" (").append(allowed).append(')'); // a pointer to the docs, not a value to write
        } else if (!allowed.isEmpty()) {
            b.append(" (expected ").append(allowed).append(')');
        }
        return b.toString();
    }

    /** {@code conf.d/web.ini:12} (or just the file when there is no line); empty when no file is known. */
    public String location(Path baseDir) {
        if (file == null) {
            return "";
        }
        return line > 0 ? display(file, baseDir) + ":" + line : display(file, baseDir);
    }

    @Override
    public String toString() {
        return format(null);
    }

    /** Files under the main config's directory are shown relative to it, others in full. */
    private static String display(Path file, Path baseDir) {
        if (baseDir != null) {
            Path abs = file.toAbsolutePath().normalize();
            Path base = baseDir.toAbsolutePath().normalize();
            if (abs.startsWith(base)) {
                return base.relativize(abs).toString();
            }
        }
        return file.toString();
    }
}
