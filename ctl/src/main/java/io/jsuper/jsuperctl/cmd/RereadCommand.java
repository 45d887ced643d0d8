package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code reread}: what {@code update} would change, without changing anything. */
@Command(name = "reread", description = "Re-read the config and show what update would add, change or remove.")
public final class RereadCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get("/reload?dry_run=true").orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        } else {
            ReloadPlanPrinter.print(root.out(), r.json(), "available", "changed", "disappeared");
        }
        return ExitCodes.OK;
    }
}
