package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code list [NAME]}: the watchers, or one watcher's process numbers, comma-separated (Circus's list). */
@Command(name = "list", description = "List the watchers, or the process numbers (wids) of one watcher, comma-separated (Circus's list).")
public final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "watcher name")
    String name;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get(name == null ? "/services" : "/services/" + ApiClient.segment(name)).orFail();
        Set<String> items = new LinkedHashSet<>();
        for (Map<String, Object> p : r.services()) {
            items.add(name == null ? Json.str(p, "watcher", "?") : String.valueOf(Json.num(p, "wid", 0)));
        }
        if (root.json()) {
            return new JsonReport().put(name == null ? "watchers" : "wids", new ArrayList<>(items)).print(root.out(), ExitCodes.OK);
        } else {
            root.out().println(String.join(",", items));
        }
        return ExitCodes.OK;
    }
}
