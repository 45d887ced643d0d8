package io.jsuper.jsuperd.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-process wishes layered over a watcher's ({@code start web:2}, {@code stop web:2}): the last command
 * wins, so any command on the whole watcher (and a reload that changes it) clears them all. A slot without
 * an intent follows the watcher. Touched only on the loop.
 */
final class SlotIntents {
    /** What one process is wanted to do; {@code restart} asks for one stop before it starts again. */
    static final class Intent {
        boolean up;
        int startRequest;
        boolean restart;
    }

    private final Map<Integer, Intent> byWid = new HashMap<>();

    /** The intent of {@code wid}, or null when it follows the watcher. */
    Intent of(int wid) {
        return byWid.get(wid);
    }

    Intent set(int wid, boolean up) {
        Intent intent = byWid.computeIfAbsent(wid, w -> new Intent());
        intent.up = up;
        intent.restart = false;
        return intent;
    }

    void clear() {
        byWid.clear();
    }

    /** Scaled down: wids past {@code numprocesses} are gone, and so are their wishes. */
    void dropAbove(int numprocesses) {
        byWid.keySet().removeIf(wid -> wid > numprocesses);
    }
}
