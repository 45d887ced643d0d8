package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Command;

/** {@code stop NAME…|all}. */
@Command(name = "stop", description = "Stop processes (waits until stopped).")
public final class StopCommand extends LifecycleCommand {
    @Override
    String verb() {
        return "stop";
    }

    @Override
    String done() {
        return "stopped";
    }
}
