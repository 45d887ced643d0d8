package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code shutdown}: stop every process and the daemon. */
@Command(name = "shutdown", description = "Stop all processes and the daemon.")
public final class ShutdownCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().post("/shutdown", null).orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        }
        root.out().println("Shut down");
        return ExitCodes.OK;
    }
}
