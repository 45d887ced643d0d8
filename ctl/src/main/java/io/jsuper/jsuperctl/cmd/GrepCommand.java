package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code grep PATTERN NAME[:WID]}: matching lines from current and rotated files; exit 1 when none match, like grep. */
@Command(name = "grep", description = "Search a watcher's output (current and rotated files, gzipped too) with a "
        + "Java regular expression; prints the newest matches, oldest first. Exit 1 when nothing matches.")
public final class GrepCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Option(names = "-n", paramLabel = "N", defaultValue = "100", description = "at most N matches (default ${DEFAULT-VALUE})")
    int lines;

    @Option(names = "--stderr", description = "search the stderr stream instead of stdout")
    boolean stderr;

    @Option(names = "--since", paramLabel = "WHEN", description = "only files written since WHEN: 15m, 2h, 1d or an ISO-8601 instant")
    String since;

    @Parameters(index = "0", paramLabel = "PATTERN", description = "regular expression (Java syntax)")
    String pattern;

    @Parameters(index = "1", paramLabel = "NAME[:WID]", description = "watcher, or one process; 'jsuperd' is not special: use maintail")
    String name;

    @Override
    public Integer call() {
        String path = LogQueryString.base(name) + "?stream=" + (stderr ? "stderr" : "stdout") + "&lines=" + lines
                + "&grep=" + LogQueryString.encode(pattern) + (since == null ? "" : "&since=" + LogQueryString.encode(since));
        ApiClient.Response r = root.client().get(path).orFail();
        if (root.json()) {
            Object found = r.json().get("lines");
            int exit = found instanceof java.util.List<?> l && !l.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
            return new JsonReport().putAll(r.json()).print(root.out(), exit);
        }
        return LogQueryString.printLines(r, root.out(), root.err()) > 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
