package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code incr NAME [N]}: Add N processes to a watcher (default 1), until the next reload (Circus's incr). */
@Command(name = "incr", description = "Add N processes to a watcher (default 1), until the next reload (Circus's incr).")
public final class IncrCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(index = "0", paramLabel = "NAME", description = "watcher name")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", defaultValue = "1", description = "how many (default 1)")
    int count;

    @Override
    public Integer call() {
        return Scaling.run(root, name, "by", count);
    }
}
