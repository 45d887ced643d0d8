package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code fg NAME[:WID]}: supervisorctl's fg. Attaches to a running process's output (stdout to stdout, stderr
 * to stderr, through the log follow API) until Ctrl-C, which detaches and leaves the process running.
 * jsuper gives programs no stdin (it is {@code /dev/null}), so typed input is not forwarded.
 */
@Command(name = "fg", description = "Attach to a running process's output (stdout and stderr) until Ctrl-C, which "
        + "detaches and leaves it running (exit 130). Input is not forwarded: jsuper's programs read /dev/null.")
public final class FgCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "lines of recent output to show first (default ${DEFAULT-VALUE})")
    int lines;

    @Parameters(paramLabel = "NAME[:WID]", description = "watcher (all its processes, lines prefixed [name:wid]) or one process")
    String name;

    @Override
    public Integer call() {
        if (root.json()) {
            throw new CtlException(ExitCodes.USAGE, "fg prints the program's output as it comes, not JSON; drop --json");
        }
        Attachment attachment = new Attachment(root.client(), name, lines);
        attachment.requireRunning();
        if (root.terminal()) {
            root.err().println("==> jsuperctl: attached to " + name + " (output only); Ctrl-C detaches, " + name + " keeps running");
            root.err().flush();
        }
        root.out().flush();
        return attachment.run();
    }
}
