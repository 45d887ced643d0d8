package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code [section]} of one file: its entries in file order, keyed by (case-sensitive) name. */
record RawSection(String name, Path file, int line, Map<String, RawEntry> entries) {

    RawSection {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    RawEntry get(String key) {
        return entries.get(key);
    }

    /** The directory relative paths and {@code %(here)s} in this section refer to. */
    Path dir() {
        return file.toAbsolutePath().getParent();
    }
}
