package io.jsuper.jsuperctl.shell;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's first lines: the daemon's version and endpoint, then each watcher with how many of its
 * processes run (as circusctl greets with {@code webxample: active}), or why the daemon cannot be reached.
 */
public final class Greeting {
    /** More watchers than this are summarised in one line: the greeting must not scroll the screen away. */
    static final int MAX_WATCHERS = 12;

    private Greeting() {
    }

    public static List<String> lines(ShellHost host) {
        try {
            ApiClient client = host.client();
            ApiClient.Response version = client.get("/version");
            ApiClient.Response services = client.get("/services");
            if (!services.ok()) {
                return List.of("jsuperd at " + client.target() + ": " + services.failure().getMessage());
            }
            String v = version.ok() ? Json.str(version.json(), "version", "?") : "?";
            return describe(v, client.target(), services.services());
        } catch (RuntimeException e) {
            return List.of("jsuperd: " + e.getMessage() + " (commands will fail until it runs)");
        }
    }

    static List<String> describe(String version, String target, List<Map<String, Object>> processes) {
        Map<String, int[]> byWatcher = new LinkedHashMap<>();
        int running = 0;
        for (Map<String, Object> p : processes) {
            int[] counts = byWatcher.computeIfAbsent(Json.str(p, "watcher", "?"), w -> new int[2]);
            counts[1]++;
            if ("RUNNING".equals(Json.str(p, "state", ""))) {
                counts[0]++;
                running++;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("jsuperd " + version + " at " + target + ": " + byWatcher.size() + " watchers, "
                + running + " of " + processes.size() + " processes RUNNING");
        int shown = 0;
        for (Map.Entry<String, int[]> e : byWatcher.entrySet()) {
            if (shown++ == MAX_WATCHERS) {
                lines.add("  … and " + (byWatcher.size() - MAX_WATCHERS) + " more (type: status)");
                break;
            }
            int[] c = e.getValue();
            String word = c[0] == c[1] ? "active" : c[0] == 0 ? "stopped" : "partial";
            lines.add("  " + e.getKey() + ": " + word + " (" + c[0] + "/" + c[1] + " RUNNING)");
        }
        return lines;
    }
}
