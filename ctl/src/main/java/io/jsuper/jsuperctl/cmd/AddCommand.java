package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
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
        return ForEachName.runPerName(root, names, "added process group",
                name -> client.post("/services/" + ApiClient.segment(name) + "/add", null));
    }
}
