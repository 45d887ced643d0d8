package io.jsuper.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built zsh completion ({@code share/zsh/vendor-completions/_jsuperctl}) in a real interactive zsh with
 * {@code compinit}: subcommands from the picocli model, watcher names from the running daemon. Needs the Debian
 * packages {@code zsh} and {@code tmux} (skipped without them, a failure under CI).
 */
class ZshCompletionE2ETest extends DaemonE2ETest {

    @Test
    void tab_completesSubcommands_andWatcherNamesOfTheRunningDaemon() throws Exception {
        jsuperd = new DaemonHarness(tmp, "[watcher:zshwebapp]\ncmd = sleep 1000\nstartsecs = 0\n"
                + "[watcher:zshworker]\ncmd = sleep 1000\nstartsecs = 0\nautostart = false\n").start();
        try (ZshTerminal zsh = new ZshTerminal(tmp, DaemonHarness.dist().resolve("share/zsh/vendor-completions"),
                DaemonHarness.dist().resolve("bin"))) {
            String commands = zsh.complete("jsuperctl st", "status");
            assertTrue(commands.contains("start") && commands.contains("stop"), commands);

            String ctl = "jsuperctl --socket " + jsuperd.socket + " ";
            // One match: completed in place on the command line (the name comes from `jsuperctl status`).
            String unique = zsh.complete(ctl + "restart zshwe", ctl + "restart zshwebapp");
            // Several, and nothing left to insert (the common prefix is typed): zsh lists them under the line.
            String all = zsh.complete(ctl + "stop zshw", "zshworker");
            assertTrue(all.contains("zshwebapp"), all);
            for (String screen : new String[]{commands, unique, all}) {
                assertFalse(screen.contains("not found") || screen.contains("command not found"),
                        "the completion printed an error into the terminal:\n" + screen);
            }
        }
    }
}
