package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.Jsuperctl;
import io.jsuper.jsuperctl.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pid NAME}: one pid per process, 0 for none; exits 3 when some process has no pid. */
@Command(name = "pid", description = "Print the pid of each process of a watcher (0 when not running).")
public final class PidCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", description = "watcher name")
    String name;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get("/services/" + ApiClient.segment(name)).orFail();
        if (root.json()) {
            root.out().println(r.body());
        }
        int exit = ExitCodes.OK;
        List<Map<String, Object>> services = r.services();
        for (Map<String, Object> p : services) {
            long pid = Json.num(p, "pid", 0);
            if (!root.json()) {
                root.out().println(pid);
            }
            exit = pid > 0 ? exit : ExitCodes.NOT_RUNNING;
        }
        return exit;
    }
}
