package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code update}: re-read the config and apply it. */
@Command(name = "update", description = "Re-read the config and apply it: start added, restart changed, stop removed watchers.")
public final class UpdateCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().post("/reload", null).orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        } else {
            ReloadPlanPrinter.print(root.out(), r.json(), "added process group", "updated process group",
                    "removed process group");
        }
        return ExitCodes.OK;
    }
}
