package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Jsuperctl;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one request per name, printing one line per affected process, {@code web:1: <done>} or
 * {@code web:1: ERROR (FATAL: reason)} when the daemon says that process did not get there ({@code "ok":
 * false}, e.g. after {@code start all}), or the raw JSON; one stderr line per failed name.
 * Exit: 0 when every process succeeded, 4 if some name is unknown, else 1 if something failed.
 */
final class ForEachName {
    private ForEachName() {
    }

    static int run(Jsuperctl root, List<String> names, String done, Function<String, ApiClient.Response> request) {
        int exit = ExitCodes.OK;
        for (String name : names) {
            ApiClient.Response r = request.apply(name);
            if (!r.ok()) {
                exit = failed(root, r, exit);
                continue;
            }
            if (root.json()) {
                root.out().println(r.body());
                continue;
            }
            for (Map<String, Object> p : r.services()) {
                if (Boolean.FALSE.equals(p.get("ok"))) {
                    String why = ProcessTable.describe(p);
                    root.out().println(p.get("name") + ": ERROR (" + p.get("state") + (why.isEmpty() ? "" : ": " + why) + ")");
                    exit = exit == ExitCodes.OK ? ExitCodes.FAILED : exit;
                } else {
                    root.out().println(p.get("name") + ": " + done);
                }
            }
        }
        return exit;
    }

    /**
     * One request per name whose answer is about the name as a whole (a watcher added or removed):
     * {@code web: <done>} or the raw JSON, one stderr line per failed name; the same exit codes as above.
     */
    static int runPerName(Jsuperctl root, List<String> names, String done, Function<String, ApiClient.Response> request) {
        int exit = ExitCodes.OK;
        for (String name : names) {
            ApiClient.Response r = request.apply(name);
            if (r.ok()) {
                root.out().println(root.json() ? r.body() : name + ": " + done);
            } else {
                exit = failed(root, r, exit);
            }
        }
        return exit;
    }

    /** Prints the failure; an unknown name (exit 4) outranks any other failure. */
    private static int failed(Jsuperctl root, ApiClient.Response r, int exit) {
        CtlException f = r.failure();
        io.jsuper.jsuperctl.Failure.print(root.err(), f.getMessage());
        return exit == ExitCodes.UNKNOWN ? exit : f.exitCode();
    }
}
