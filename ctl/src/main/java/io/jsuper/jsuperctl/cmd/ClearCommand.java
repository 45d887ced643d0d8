package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code clear NAME[:WID]}: empties the current output files (supervisord's clear); backups stay. */
@Command(name = "clear", description = "Empty the current stdout/stderr log files of a watcher or process (backups stay).")
public final class ClearCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME[:WID]", description = "watcher, or one process")
    String name;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().post("/services/" + ApiClient.segment(name) + "/log/clear", null).orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        }
        root.out().println(name + ": log cleared");
        return ExitCodes.OK;
    }
}
