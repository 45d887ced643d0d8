package io.jsuper.jsuperd.config;

import java.nio.file.Path;

/**
 * One {@code key = value} as written, before interpolation, with where it was written. An entry made by
 * translating a supervisord or Circus file keeps its {@link Origin}, which errors and warnings name.
 */
record RawEntry(String section, String key, String value, Path file, int line, Origin origin) {

    RawEntry(String section, String key, String value, Path file, int line) {
        this(section, key, value, file, line, null);
    }

    /** The same place written, as {@code key} of {@code section} with {@code value}: what a translator makes. */
    RawEntry translated(String section, String key, String value) {
        return new RawEntry(section, key, value, file, line, origin != null ? origin : new Origin(this.section, this.key, null));
    }

    /** As {@link #translated(String, String, String)}, saying what the value must look like in the file's own terms. */
    RawEntry translated(String section, String key, String value, String expected) {
        Origin from = origin != null ? origin : new Origin(this.section, this.key, null);
        return new RawEntry(section, key, value, file, line, new Origin(from.section(), from.key(), expected));
    }

    /** The section as the user wrote it. */
    String writtenSection() {
        return origin == null ? section : origin.section();
    }

    /** The option as the user wrote it (null when a translated entry stands for no one option). */
    String writtenKey() {
        return origin == null ? key : origin.key();
    }

    /** What the value must look like in the file's own terms, or {@code jsupers} when the entry was not translated. */
    String expected(String jsupers) {
        return origin == null || origin.expected() == null ? jsupers : origin.expected();
    }
}
