package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error of one load, so the user sees all of them at once. */
final class ErrorList {

    // Sets: the watchers of one supervisord [program:x] (numprocs) share its entries, so the same mistake
    // would otherwise be reported once per process.
    private final java.util.Set<ConfigError> errors = new java.util.LinkedHashSet<>();
    private final java.util.Set<ConfigError> warnings = new java.util.LinkedHashSet<>();
    private final List<Path> fileOrder = new ArrayList<>();
    private final List<Path> dirsListed = new ArrayList<>();
    private long bytesRead; // over every file of this load, bounded by ConfigLimits.MAX_TOTAL_BYTES

    /** Errors are reported in the order files were read, then by line. */
    void fileRead(Path file) {
        fileOrder.add(file);
    }

    /** A directory an include glob or include_dir listed: a new file there changes the config. */
    void dirListed(Path dir) {
        dirsListed.add(dir);
    }

    /** Every file read and directory listed by this load (see {@link ConfigInputs}). */
    List<Path> inputs() {
        List<Path> all = new ArrayList<>(fileOrder);
        all.addAll(dirsListed);
        return all;
    }

    long bytesRead() {
        return bytesRead;
    }

    void charge(long bytes) {
        bytesRead += bytes;
    }

    int filesRead() {
        return fileOrder.size();
    }

    void add(ConfigError error) {
        errors.add(error);
    }

    /**
     * An error at an entry, named as the user wrote it (a translated entry's {@link Origin}), with what its
     * value must look like in the file's own terms when the translator knows that better than {@code allowed}.
     */
    void at(RawEntry entry, String found, String allowed) {
        errors.add(new ConfigError(entry.file(), entry.line(), entry.writtenSection(), entry.writtenKey(), found,
                entry.expected(allowed)));
    }

    void at(RawSection section, String key, String found, String allowed) {
        errors.add(new ConfigError(section.file(), section.line(), section.writtenName(), section.writtenKey(key), found,
                allowed));
    }

    void inFile(Path file, int line, String found, String allowed) {
        errors.add(new ConfigError(file, line, null, null, found, allowed));
    }

    /** Something jsuper reads differently from the program the file was written for, or ignores. */
    void warn(RawEntry entry, String found, String instead) {
        warnings.add(new ConfigError(entry.file(), entry.line(), entry.writtenSection(), entry.writtenKey(), found, instead));
    }

    void warn(RawSection section, String found, String instead) {
        warnings.add(new ConfigError(section.file(), section.line(), section.writtenName(), null, found, instead));
    }

    /** Warnings in file order, then by line; {@code allowed} says what jsuper does instead. */
    List<ConfigError> warnings() {
        List<ConfigError> sorted = new ArrayList<>(warnings);
        sorted.sort(Comparator.comparingInt((ConfigError e) -> rank(e.file())).thenComparingInt(ConfigError::line));
        return List.copyOf(sorted);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<ConfigError> list() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt((ConfigError e) -> rank(e.file())).thenComparingInt(ConfigError::line));
        return sorted;
    }

    private int rank(Path file) {
        int i = fileOrder.indexOf(file);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    void throwIfAny(Path baseDir) throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(list(), baseDir);
        }
    }
}
