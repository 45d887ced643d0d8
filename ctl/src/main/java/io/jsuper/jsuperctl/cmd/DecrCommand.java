package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code decr NAME [N]}: Remove N processes from a watcher (default 1; the highest numbers stop), until the next reload (Circus's decr). */
@Command(name = "decr", description = "Remove N processes from a watcher (default 1; the highest numbers stop), until the next reload (Circus's decr).")
public final class DecrCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(index = "0", paramLabel = "NAME", description = "watcher name")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", defaultValue = "1", description = "how many (default 1)")
    int count;

    @Override
    public Integer call() {
        return Scaling.run(root, name, "by", -count);
    }
}
