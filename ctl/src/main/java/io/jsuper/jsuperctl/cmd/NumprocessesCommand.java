package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code numprocesses NAME N}: set a watcher's number of processes until the next reload (Circus's numprocesses). */
@Command(name = "numprocesses", description = "Set a watcher's number of processes until the next reload (Circus's numprocesses).")
public final class NumprocessesCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(index = "0", paramLabel = "NAME", description = "watcher name")
    String name;

    @Parameters(index = "1", paramLabel = "N", description = "number of processes (0 to 10000)")
    int count;

    @Override
    public Integer call() {
        return Scaling.run(root, name, "numprocesses", count);
    }
}
