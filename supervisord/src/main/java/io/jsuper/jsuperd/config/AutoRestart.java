package io.jsuper.jsuperd.config;

/** supervisord's autorestart: always, never, or only after an exit code not in {@code exitcodes}. */
public enum AutoRestart {
    TRUE, FALSE, UNEXPECTED
}
