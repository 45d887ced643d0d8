package io.jsuper.jsuperctl.cmd;

import java.util.Map;

/** The one line printed for a process a command acted on: {@code web:1: started} or {@code web:1: ERROR (FATAL: …)}. */
final class ProcessLine {
    private ProcessLine() {
    }

    /** {@code done} when the daemon did not say the process failed ({@code "ok": false}), else the error and why. */
    static String settled(Map<String, Object> p, String done) {
        if (Boolean.FALSE.equals(p.get("ok"))) {
            String why = ProcessTable.describe(p);
            return p.get("name") + ": ERROR (" + p.get("state") + (why.isEmpty() ? "" : ": " + why) + ")";
        }
        return p.get("name") + ": " + done;
    }
}
