package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Command;

/** {@code restart NAME…|all}. */
@Command(name = "restart", description = "Restart processes with their section as the config file has it now (read first): rolling (each new process ready before an old one stops) for watchers with a readiness check or use_sockets, else stop then start.")
public final class RestartCommand extends LifecycleCommand {
    @Override
    String verb() {
        return "restart";
    }

    @Override
    String done() {
        return "restarted";
    }

    @picocli.CommandLine.ArgGroup(exclusive = true)
    RestartModeOptions mode;

    @Override
    String extraQuery() {
        return mode == null ? "" : mode.query();
    }
}
