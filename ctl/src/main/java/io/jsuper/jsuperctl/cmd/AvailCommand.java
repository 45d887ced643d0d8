package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code avail}: every watcher of the config file as it is now, and whether it is in use (supervisorctl's
 * avail). In use = loaded in the daemon; avail = in the file, not loaded yet ({@code add NAME} or
 * {@code update} loads it); the plan comes from the daemon's reload preview, so nothing changes.
 */
@Command(name = "avail", description = "List every watcher of the re-read config and whether it is in use (supervisorctl's avail).")
public final class AvailCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient client = root.client();
        List<Map<String, Object>> processes = client.get("/services").orFail().services();
        Map<String, Object> plan = client.get("/reload?dry_run=true").orFail().json();
        Map<String, String> rows = new LinkedHashMap<>();
        for (Map<String, Object> p : processes) {
            rows.put(Json.str(p, "watcher", "?"), "in use");
        }
        names(plan.get("changed")).forEach(n -> rows.put(n, "in use (changed in the file)"));
        names(plan.get("removed")).forEach(n -> rows.put(n, "in use (gone from the file)"));
        names(plan.get("added")).forEach(n -> rows.put(n, "avail"));
        if (root.json()) {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.forEach((name, state) -> out.add(Map.of("name", name, "state", state)));
            return new JsonReport().put("watchers", out).print(root.out(), ExitCodes.OK);
        }
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach((name, state) -> root.out().println(String.format("%-" + (width + 3) + "s%s", name, state)));
        return ExitCodes.OK;
    }

    private static List<String> names(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List) {
            ((List<?>) list).forEach(n -> out.add(String.valueOf(n)));
        }
        return out;
    }
}
