package io.jsuper.jsuperctl.cmd;

import picocli.CommandLine.Option;

/** {@code --all-at-once} or {@code --sequential} for restart and reload (default: rolling where it applies). */
public final class RestartModeOptions {
    @Option(names = "--all-at-once", description = "stop every process, then start them (no rolling restart)")
    boolean allAtOnce;

    @Option(names = "--sequential", description = "one process at a time: stop it, start it, wait until ready (Circus)")
    boolean sequential;

    String query() {
        return allAtOnce ? "&mode=all-at-once" : sequential ? "&mode=sequential" : "";
    }
}
