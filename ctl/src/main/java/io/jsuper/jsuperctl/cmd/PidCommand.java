package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import io.jsuper.jsuperctl.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pid [NAME]}: one pid per process, 0 for none (exits 3 then); without a name, the daemon's pid. */
@Command(name = "pid", description = "Print the pid of each process of a watcher or of one process (0 when not running); "
        + "without NAME, the daemon's own pid.")
public final class PidCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "watcher name or one process (web:2)")
    String name;

    @Override
    public Integer call() {
        if (name == null) {
            ApiClient.Response v = root.client().get("/version").orFail();
            if (root.json()) {
                return new JsonReport().putAll(v.json()).print(root.out(), ExitCodes.OK);
            }
            root.out().println(Json.num(v.json(), "pid", 0));
            return ExitCodes.OK;
        }
        ApiClient.Response r = root.client().get("/services/" + ApiClient.segment(name)).orFail();
        int exit = ExitCodes.OK;
        List<Map<String, Object>> services = r.services();
        for (Map<String, Object> p : services) {
            long pid = Json.num(p, "pid", 0);
            if (!root.json()) {
                root.out().println(pid);
            }
            exit = pid > 0 ? exit : ExitCodes.NOT_RUNNING;
        }
        return root.json() ? new JsonReport().put("services", services).print(root.out(), exit) : exit;
    }
}
