package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code reopen-logs}: closes and reopens every child's output files (after logrotate's create), like SIGUSR2. */
@Command(name = "reopen-logs", description = "Reopen every program's output files (after an external logrotate).")
public final class ReopenLogsCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().post("/reopen-logs", null).orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        }
        root.out().println("log files reopened");
        return ExitCodes.OK;
    }
}
