package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code signal SIG NAME…|all}. */
@Command(name = "signal", description = "Send a signal (HUP, SIGHUP or 1) to the named processes.")
public final class SignalCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(index = "0", paramLabel = "SIG", description = "signal name or number")
    String signal;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "watcher names, or all")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        ApiClient client = root.client();
        String body = Json.write(Map.of("signal", signal));
        return ForEachName.run(root, names, "signalled " + signal,
                name -> client.post("/services/" + ApiClient.segment(name) + "/signal", body));
    }
}
