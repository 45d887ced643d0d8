package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interactive zsh with the completion system on ({@code compinit}), on a real pseudo-terminal: tmux runs it,
 * keys go in with {@code send-keys} and the screen comes back with {@code capture-pane}. Completion is what a
 * user gets on TAB, through zsh's own completion widgets, not a simulation of them.
 */
final class ZshTerminal implements AutoCloseable {
    private final Path tmuxSocket;

    /**
     * Starts {@code zsh -i} with a {@code .zshrc} of its own in {@code dir}: {@code fpathFirst} (may be null)
     * goes in front of zsh's default fpath, then {@code compinit}; {@code pathFirst} goes in front of PATH.
     */
    ZshTerminal(Path dir, Path fpathFirst, Path pathFirst) throws Exception {
        HostTools.require("zsh", "zsh");
        HostTools.require("tmux", "tmux");
        Path zdotdir = Files.createDirectories(dir.resolve("zdotdir"));
        Files.writeString(zdotdir.resolve(".zshrc"), (fpathFirst == null ? "" : "fpath=(" + fpathFirst + " $fpath)\n")
                // -u: the temp dirs are not "secure" to compaudit; -D: no dump file, nothing cached between runs
                + "autoload -Uz compinit && compinit -u -D\nPROMPT='zsh%% '\n");
        tmuxSocket = dir.resolve("tmux.sock");
        String path = (pathFirst == null ? "" : pathFirst + ":") + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        tmux("new-session", "-d", "-s", "z", "-x", "160", "-y", "30",
                "env ZDOTDIR=" + zdotdir + " PATH=" + path + " TERM=xterm zsh -i").ok("tmux new-session");
        awaitScreen("zsh%");
    }

    /** Types {@code line} on a fresh command line, presses TAB and returns the screen once {@code expected} shows. */
    String complete(String line, String expected) throws Exception {
        tmux("send-keys", "-t", "z", "C-u", "C-l").ok("tmux send-keys");
        tmux("send-keys", "-t", "z", "-l", line).ok("tmux send-keys");
        tmux("send-keys", "-t", "z", "Tab").ok("tmux send-keys");
        return awaitScreen(expected);
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "z").ok("tmux capture-pane").output();
    }

    private String awaitScreen(String text) {
        String[] last = {""};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = screen();
            assertTrue(last[0].contains(text), "screen lacks '" + text + "':\n" + last[0]);
        });
        return last[0];
    }

    private HostTools.Result tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", tmuxSocket.toString()));
        cmd.addAll(List.of(args));
        return HostTools.run(cmd);
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(tmuxSocket)) {
            tmux("kill-server");
        }
    }
}
