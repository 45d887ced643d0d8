package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code maintail [-f] [-n N]}: the daemon's own log (its {@code logfile}). */
@Command(name = "maintail", description = "Print the last lines of jsuperd's own log file; -f follows it.")
public final class MaintailCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Option(names = "-f", description = "follow: print new lines as they are written")
    boolean follow;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "lines to print (default ${DEFAULT-VALUE})")
    int lines;

    @Override
    public Integer call() {
        return TailCommand.read(root, LogQueryString.base(null), false, lines, follow);
    }
}
