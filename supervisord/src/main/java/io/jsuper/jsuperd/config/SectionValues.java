package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of one raw section: each read interpolates, converts, and on failure records an error
 * (with file, line, section, key) and returns the default, so binding goes on and finds every error.
 */
final class SectionValues {

    private final RawSection section;
    private final Interpolator interpolator;
    private final ErrorList errors;

    SectionValues(RawSection section, Interpolator interpolator, ErrorList errors) {
        this.section = section;
        this.interpolator = interpolator;
        this.errors = errors;
    }

    RawSection section() {
        return section;
    }

    ErrorList errors() {
        return errors;
    }

    Path dir() {
        return section.dir();
    }

    boolean has(String key) {
        return section != null && section.get(key) != null;
    }

    /** The expanded text, or empty when the key is absent or its expansion failed (already reported). */
    Optional<String> text(String key) {
        RawEntry e = section == null ? null : section.get(key);
        if (e == null) {
            return Optional.empty();
        }
        return expand(e.value(), e);
    }

    /** Like {@link #text} but a blank value counts as absent. */
    Optional<String> nonBlank(String key) {
        return text(key).filter(s -> !s.isBlank()).map(String::strip);
    }

    /** Expands a piece of the value of {@code entry} (e.g. one item of a list). */
    Optional<String> expand(String text, RawEntry entry) {
        try {
            return Optional.of(interpolator.expand(text, entry, KnownKeys.WID_ALLOWED.contains(entry.key())
                    || entry.section().startsWith(KnownKeys.ENV_PREFIX)));
        } catch (InvalidValueException ex) {
            errors.at(entry, ex.found(), ex.allowed());
            return Optional.empty();
        }
    }

    <T> Optional<T> optional(String key, Function<String, T> converter) {
        return nonBlank(key).flatMap(text -> convert(key, text, converter));
    }

    <T> T get(String key, T fallback, Function<String, T> converter) {
        return text(key).flatMap(text -> convert(key, text, converter)).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return get(key, fallback, Converters::bool);
    }

    int integer(String key, int fallback, int min, int max) {
        return get(key, fallback, t -> Converters.integer(t, min, max));
    }

    Duration duration(String key, Duration fallback) {
        return get(key, fallback, Converters::duration);
    }

    Path path(String key, Path fallback) {
        return get(key, fallback, t -> Converters.path(t, dir()));
    }

    Optional<Path> optionalPath(String key) {
        return optional(key, t -> Converters.path(t, dir()));
    }

    /** Records an error against {@code key} (or the section header when the key is absent). */
    void error(String key, String found, String allowed) {
        RawEntry e = section.get(key);
        if (e != null) {
            errors.at(e, found, allowed);
        } else {
            errors.at(section, key, found, allowed);
        }
    }

    private <T> Optional<T> convert(String key, String text, Function<String, T> converter) {
        try {
            return Optional.of(converter.apply(text));
        } catch (InvalidValueException ex) {
            error(key, ex.found(), ex.allowed());
            return Optional.empty();
        }
    }
}
