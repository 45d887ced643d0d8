package io.jsuper.jsuperd.core;

import java.util.Locale;
import java.util.Optional;

/** How {@code restart} (and a non-HUP {@code reload}) replaces processes; see docs/zero-downtime.md. */
public enum RestartMode {
    /** Rolling when the watcher has a readiness (or startup) check or uses daemon-owned sockets, else all at once. */
    DEFAULT,
    /** Every process stopped, then started (the behaviour before rolling restarts). */
    ALL_AT_ONCE,
    /** Circus's --sequential: one process at a time, stopped first, then started and awaited. */
    SEQUENTIAL;

    /** Parses the API's {@code mode} value ({@code all-at-once}, {@code sequential}, {@code default}). */
    public static Optional<RestartMode> parse(String text) {
        try {
            return Optional.of(valueOf(text.strip().replace('-', '_').toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
