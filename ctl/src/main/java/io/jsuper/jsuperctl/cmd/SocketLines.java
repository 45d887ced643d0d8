package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon-owned sockets under {@code status} ({@code [socket:NAME]}, docs/zero-downtime.md): one line each,
 * nothing when the daemon holds none (or predates {@code GET /sockets}). No Formatter: status stays on the
 * client's fast path.
 */
final class SocketLines {
    private SocketLines() {
    }

    /** The sockets as {@code GET /sockets} lists them; empty when there are none or the daemon has no such route. */
    static List<Map<String, Object>> fetch(ApiClient client) {
        ApiClient.Response r = client.get("/sockets");
        if (!r.ok() || !(r.json().get("sockets") instanceof List<?> list)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> socket = (Map<String, Object>) m;
                out.add(socket);
            }
        }
        return out;
    }

    /** After a blank line, {@code socket } and the socket's {@link #line} for each; nothing without sockets. */
    static void print(PrintWriter out, List<Map<String, Object>> sockets) {
        if (sockets.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("\n");
        for (Map<String, Object> s : sockets) {
            b.append("socket ").append(line(s)).append('\n');
        }
        out.print(b);
    }

    /** {@code web  127.0.0.1:8000  fd 5  child fd 3  users web  queued 0}: one socket as {@code jsuperctl sockets} shows it. */
    static String line(Map<?, ?> s) {
        long queued = Json.num(s, "queued", -1);
        return pad(Json.str(s, "name", "?"), 16) + " " + pad(Json.str(s, "address", "?"), 28)
                + " fd " + pad(String.valueOf(Json.num(s, "fd", -1)), 4)
                + " child fd " + pad(String.valueOf(Json.num(s, "child_fd", -1)), 3)
                + " users " + (s.get("users") instanceof List<?> u && !u.isEmpty()
                        ? String.join(",", u.stream().map(String::valueOf).toList()) : "-")
                + (queued >= 0 ? "  queued " + queued : "");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
