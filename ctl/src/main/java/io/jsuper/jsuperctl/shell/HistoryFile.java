package io.jsuper.jsuperctl.shell;

import java.nio.file.Path;
import java.util.Map;

/** Where the shell keeps its history: {@code $XDG_STATE_HOME/jsuperctl/history}, else {@code ~/.jsuperctl_history}. */
public final class HistoryFile {
    private HistoryFile() {
    }

    /** The history file for this environment; {@code home} is the user's home directory. */
    public static Path locate(Map<String, String> env, String home) {
        String state = env.get("XDG_STATE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        if (state != null && !state.isEmpty() && Path.of(state).isAbsolute()) {
            return Path.of(state, "jsuperctl", "history");
        }
        return Path.of(home, ".jsuperctl_history");
    }
}
