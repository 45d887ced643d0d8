package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sockets} (Circus's {@code listsockets}): the daemon-owned sockets, their fds and the watchers using them. */
@Command(name = "sockets", description = "List the sockets jsuperd holds for its watchers ([socket:NAME]).")
public final class SocketsCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get("/sockets").orFail();
        if (root.json()) {
            root.out().println(r.body());
            return ExitCodes.OK;
        }
        Object list = ((Map<?, ?>) r.json()).get("sockets");
        for (Object o : (List<?>) list) {
            root.out().println(SocketLines.line((Map<?, ?>) o));
        }
        return ExitCodes.OK;
    }
}
