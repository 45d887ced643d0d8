package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code rollback NAME}: deploy the release the last deploy replaced. */
@Command(name = "rollback", description = "Deploy the release the last deploy of this watcher replaced.")
public final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", description = "the watcher")
    String name;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "give up waiting after this long (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    public Integer call() {
        ApiClient client = root.client().readTimeoutMillis((timeout + 10) * 1000);
        ApiClient.Response r = client.post("/services/" + ApiClient.segment(name) + "/rollback?timeout=" + timeout, null)
                .orFail();
        DeployCommand.print(root, r, "rolled back to");
        return ExitCodes.OK;
    }
}
