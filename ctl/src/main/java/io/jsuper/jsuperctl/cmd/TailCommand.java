package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.OutputStream;
import java.util.concurrent.Callable;

/** {@code tail [-f] [-n N] [--stderr] NAME[:WID]}: the last lines of a program's output, or follow it. */
@Command(name = "tail", description = "Print the last lines of a watcher's (or one process's) output; -f follows it "
        + "(Ctrl-C stops, exit 130; the daemon going away ends it with exit 1).")
public final class TailCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Option(names = "-f", description = "follow: print new output as it is written, across rotations")
    boolean follow;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "lines to print (default ${DEFAULT-VALUE})")
    int lines;

    @Option(names = "--stderr", description = "the stderr stream instead of stdout")
    boolean stderr;

    @Parameters(paramLabel = "NAME[:WID]", description = "watcher, or one process as NAME:WID")
    String name;

    @Override
    public Integer call() {
        return read(root, LogQueryString.base(name), stderr, lines, follow);
    }

    /** Shared with maintail: one path for a service's log and the daemon's. */
    static int read(Jsuperctl root, String base, boolean stderr, int lines, boolean follow) {
        String path = base + "?stream=" + (stderr ? "stderr" : "stdout") + "&lines=" + lines + (follow ? "&follow=true" : "");
        if (follow) {
            if (root.json()) {
                throw new io.jsuper.jsuperctl.CtlException(ExitCodes.USAGE, "-f prints the output as it comes, not JSON; drop --json");
            }
            root.out().flush();
            OutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
            return LogStreamReader.follow(root.client(), path, out);
        }
        ApiClient.Response r = root.client().get(path).orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        }
        LogQueryString.printLines(r, root.out(), root.err());
        return ExitCodes.OK;
    }
}
