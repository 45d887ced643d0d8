package io.jsuper.jsuperctl;

import java.io.PrintWriter;

/** Prints a failure the way scripts can rely on: every line on stderr, each prefixed {@code jsuperctl: }. */
public final class Failure {
    private Failure() {
    }

    /** One {@code jsuperctl: } line per line of {@code message} (a daemon's config error may span several). */
    public static void print(PrintWriter err, String message) {
        String text = message == null || message.isBlank() ? "failed (no message)" : message;
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                err.println("jsuperctl: " + line.strip());
            }
        }
    }
}
