package io.jsuper.jsuperd.config;

import java.nio.file.Path;

/** One {@code key = value} as written, before interpolation, with where it was written. */
record RawEntry(String section, String key, String value, Path file, int line) {
}
