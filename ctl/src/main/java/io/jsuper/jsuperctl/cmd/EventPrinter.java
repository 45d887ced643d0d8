package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** One event per line: as the daemon sent it ({@code --json}), or "TIME TYPE PROCESS what happened". */
final class EventPrinter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final boolean json;

    EventPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** {@code event} parsed, {@code raw} its JSON text. */
    void print(Map<?, ?> event, String raw) {
        out.println(json ? raw : human(event));
        out.flush();
    }

    /** The stream said that events were dropped because this client read too slowly. */
    void missed(long count) {
        out.println(json ? "{\"type\":\"missed\",\"missed\":" + count + "}"
                : "(" + count + " events missed: re-read jsuperctl status)");
        out.flush();
    }

    static String human(Map<?, ?> e) {
        String time = TIME.format(Instant.ofEpochMilli(Json.num(e, "time_ms", 0)));
        String type = Json.str(e, "type", "?");
        String process = Json.str(e, "process", "");
        String what = switch (type) {
            case "state" -> Json.str(e, "from", "?") + " -> " + Json.str(e, "to", "?")
                    + suffix(Json.str(e, "reason", ""));
            case "probe" -> Json.str(e, "probe", "?") + " " + (Boolean.TRUE.equals(e.get("passing")) ? "passing" : "failing")
                    + ": " + Json.str(e, "check", "") + suffix(Json.str(e, "result", ""));
            case "spawn_error" -> Json.str(e, "error", "");
            case "log_dropped" -> Json.str(e, "stream", "?") + ": " + Json.num(e, "dropped_bytes", 0)
                    + " bytes of output dropped (" + Json.num(e, "total_dropped_bytes", 0) + " in all)";
            case "reload" -> Boolean.TRUE.equals(e.get("ok")) ? "applied" : "failed: " + Json.str(e, "error", "");
            default -> Json.write(e);
        };
        return time + "  " + String.format("%-11s", type) + " " + (process.isEmpty() ? "" : process + "  ") + what;
    }

    private static String suffix(String text) {
        return text == null || text.isEmpty() || text.equals("null") ? "" : " (" + text + ")";
    }
}
