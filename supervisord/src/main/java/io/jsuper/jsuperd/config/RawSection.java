package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code [section]} of one file: its entries in file order, keyed by (case-sensitive) name.
 * {@code origin} is the section as written when a translator made this one ({@code program:web} for
 * {@code watcher:web_00}), else null.
 */
record RawSection(String name, Path file, int line, Map<String, RawEntry> entries, String origin) {

    RawSection {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    RawSection(String name, Path file, int line, Map<String, RawEntry> entries) {
        this(name, file, line, entries, null);
    }

    RawEntry get(String key) {
        return entries.get(key);
    }

    /** The same section (name, place, origin) with other entries. */
    RawSection withEntries(Map<String, RawEntry> other) {
        return new RawSection(name, file, line, other, origin);
    }

    /** The section as the user wrote it. */
    String writtenName() {
        return origin == null ? name : origin;
    }

    /** Whether a translator made this section from one the user wrote under another name. */
    boolean translated() {
        return origin != null && !origin.equals(name);
    }

    /**
     * {@code key} as the user wrote it: a translated entry's own option; none (null) for a jsuper key a translated
     * section does not have, since the user never wrote it; else {@code key}.
     */
    String writtenKey(String key) {
        RawEntry e = key == null ? null : entries.get(key);
        if (e != null) {
            return e.writtenKey();
        }
        return translated() ? null : key;
    }

    /** The directory relative paths and {@code %(here)s} in this section refer to. */
    Path dir() {
        return file.toAbsolutePath().getParent();
    }
}
