package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;

import java.util.List;
import java.util.Map;

/**
 * The health checks of a process that fail right now, in one short phrase for {@code status}:
 * {@code liveness failing 3x: GET http://127.0.0.1:8000/ping: timed out after 2000 ms}. Plain maps only:
 * it runs on the picocli-free fast path of {@code status}.
 */
final class FailingChecks {
    /** A check's failure text is cut here, so that one odd result cannot flood a status line. */
    static final int MAX_RESULT = 120;

    private FailingChecks() {
    }

    /**
     * The failing checks of a STARTING or RUNNING process joined with {@code "; "}, or "" when none fail (or the
     * process does not run: its checks then belong to a child that is gone).
     */
    static String describe(Map<String, Object> p) {
        String state = Json.str(p, "state", "");
        if (!(p.get("probes") instanceof List<?> probes) || !(state.equals("RUNNING") || state.equals("STARTING"))) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : probes) {
            if (!(o instanceof Map<?, ?> c)) {
                continue;
            }
            long failures = Json.num(c, "consecutive_failures", 0);
            if (failures <= 0) {
                continue;
            }
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(Json.str(c, "role", "check")).append(" failing ").append(failures).append("x: ")
                    .append(Json.str(c, "check", "?")).append(": ").append(cut(Json.str(c, "last_result", "?")));
        }
        return b.toString();
    }

    /** Short form for the wide table's CHECKS column: {@code ok}, {@code liveness 3x}, or {@code -} without checks. */
    static String column(Map<String, Object> p) {
        if (!(p.get("probes") instanceof List<?> probes) || probes.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : probes) {
            if (o instanceof Map<?, ?> c && Json.num(c, "consecutive_failures", 0) > 0) {
                b.append(b.length() > 0 ? "," : "").append(Json.str(c, "role", "check"))
                        .append(' ').append(Json.num(c, "consecutive_failures", 0)).append('x');
            }
        }
        return b.length() == 0 ? "ok" : b.toString();
    }

    private static String cut(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_RESULT ? oneLine : oneLine.substring(0, MAX_RESULT - 3) + "...";
    }
}
