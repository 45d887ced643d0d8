package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Command;

/** {@code reload NAME…|all}. */
@Command(name = "reload", description = "Graceful reload: SIGHUP for send_hup watchers, restart for others.")
public final class ReloadCommand extends LifecycleCommand {
    @Override
    String verb() {
        return "reload";
    }

    @Override
    String done() {
        return "reloaded";
    }

    @picocli.CommandLine.ArgGroup(exclusive = true)
    RestartModeOptions mode;

    @Override
    String extraQuery() {
        return mode == null ? "" : mode.query();
    }
}
