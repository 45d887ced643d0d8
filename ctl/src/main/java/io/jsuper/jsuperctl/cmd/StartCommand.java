package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Command;

/** {@code start NAME…|all}. */
@Command(name = "start", description = "Start processes (waits until RUNNING).")
public final class StartCommand extends LifecycleCommand {
    @Override
    String verb() {
        return "start";
    }

    @Override
    String done() {
        return "started";
    }
}
