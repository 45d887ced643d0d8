package io.jsuper.jsuperd.config;

/**
 * Where a translated entry was written, so that errors and warnings name what the user wrote
 * ({@code [program:web] stopsignal}), not the jsuper key it became ({@code [watcher:web] stop_signal}).
 *
 * @param section  the section as written, without brackets ({@code program:web})
 * @param key      the option as written ({@code stopsignal}); null when the entry stands for no one option
 * @param expected what the value must look like in the terms of the program the file was written for
 *                 ({@code TERM, HUP, INT, ...}); null to keep what jsuper's reader says
 */
record Origin(String section, String key, String expected) {
}
