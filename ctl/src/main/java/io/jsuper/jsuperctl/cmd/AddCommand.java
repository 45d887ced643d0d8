package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Failure;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code add NAME…}: Load watchers from the re-read config file, leaving every other watcher alone (supervisorctl's add). */
@Command(name = "add", description = "Load watchers from the re-read config file, leaving every other watcher alone (supervisorctl's add).")
public final class AddCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "watcher names")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        ApiClient client = root.client();
        int exit = ExitCodes.OK;
        for (String name : names) {
            ApiClient.Response r = client.post("/services/" + ApiClient.segment(name) + "/add", null);
            if (r.ok()) {
                root.out().println(root.json() ? r.body() : name + ": added process group");
                continue;
            }
            CtlException f = r.failure();
            Failure.print(root.err(), f.getMessage());
            exit = exit == ExitCodes.UNKNOWN ? exit : f.exitCode();
        }
        return exit;
    }
}
