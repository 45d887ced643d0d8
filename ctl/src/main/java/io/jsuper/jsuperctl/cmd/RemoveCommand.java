package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code remove NAME…}: Stop and unload watchers until the next update, leaving every other watcher alone (supervisorctl's remove). */
@Command(name = "remove", description = "Stop and unload watchers until the next update, leaving every other watcher alone (supervisorctl's remove).")
public final class RemoveCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "watcher names")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        ApiClient client = root.client();
        return ForEachName.runPerName(root, names, "removed process group",
                name -> client.post("/services/" + ApiClient.segment(name) + "/remove", null));
    }
}
