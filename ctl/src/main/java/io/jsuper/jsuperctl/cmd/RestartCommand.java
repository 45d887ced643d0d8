package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Command;

/** {@code restart NAME…|all}. */
@Command(name = "restart", description = "Stop then start processes.")
public final class RestartCommand extends LifecycleCommand {
    @Override
    String verb() {
        return "restart";
    }

    @Override
    String done() {
        return "restarted";
    }
}
