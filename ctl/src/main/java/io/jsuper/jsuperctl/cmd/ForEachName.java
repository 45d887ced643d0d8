package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one request per name, printing one line per affected process, {@code web:1: <done>} or
 * {@code web:1: ERROR (FATAL: reason)} when the daemon says that process did not get there ({@code "ok":
 * false}, e.g. after {@code start all}); one stderr line per failed name. With {@code --json}, one object for
 * all names: every process in {@code services}, failed names in {@code errors}.
 * Exit: 0 when every process succeeded, 4 if some name is unknown, else 1 if something failed.
 */
final class ForEachName {
    private ForEachName() {
    }

    static int run(Jsuperctl root, List<String> names, String done, Function<String, ApiClient.Response> request) {
        int exit = ExitCodes.OK;
        JsonReport report = new JsonReport().put("services", new java.util.ArrayList<>());
        for (String name : names) {
            ApiClient.Response r = request.apply(name);
            if (!r.ok()) {
                exit = failed(root, r, exit, name, report);
                continue;
            }
            report.append("services", r.services());
            for (Map<String, Object> p : r.services()) {
                boolean failed = Boolean.FALSE.equals(p.get("ok"));
                exit = failed && exit == ExitCodes.OK ? ExitCodes.FAILED : exit;
                if (!root.json()) {
                    root.out().println(ProcessLine.settled(p, done));
                }
            }
        }
        return root.json() ? report.print(root.out(), exit) : exit;
    }

    /**
     * One request per name whose answer is about the name as a whole (a watcher added or removed):
     * {@code web: <done>}, one stderr line per failed name; with {@code --json} the daemon's plans merged
     * into one ({@code added}, {@code changed}, {@code removed}, {@code unchanged}). The same exit codes as above.
     */
    static int runPerName(Jsuperctl root, List<String> names, String done, Function<String, ApiClient.Response> request) {
        int exit = ExitCodes.OK;
        JsonReport report = new JsonReport();
        for (String name : names) {
            ApiClient.Response r = request.apply(name);
            if (r.ok()) {
                for (String key : List.of("added", "changed", "removed", "unchanged")) {
                    Object list = r.json().get(key);
                    report.append(key, list instanceof List<?> l ? l : List.of());
                }
                if (!root.json()) {
                    root.out().println(name + ": " + done);
                }
            } else {
                exit = failed(root, r, exit, name, report);
            }
        }
        return root.json() ? report.print(root.out(), exit) : exit;
    }

    /** Prints the failure; an unknown name (exit 4) outranks any other failure. */
    private static int failed(Jsuperctl root, ApiClient.Response r, int exit, String name, JsonReport report) {
        CtlException f = r.failure();
        io.jsuper.jsuperctl.Failure.print(root.err(), f.getMessage());
        report.error(name, f);
        return exit == ExitCodes.UNKNOWN ? exit : f.exitCode();
    }
}
