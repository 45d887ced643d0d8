package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code version}: the daemon's version (the client's own is {@code jsuperctl --version}). */
@Command(name = "version", description = "Print the daemon's version.")
public final class VersionCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get("/version").orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        }
        root.out().println(Json.str(r.json(), "version", "?"));
        return ExitCodes.OK;
    }
}
