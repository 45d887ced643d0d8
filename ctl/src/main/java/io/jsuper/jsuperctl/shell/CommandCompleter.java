package io.jsuper.jsuperctl.shell;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tab completion for the shell: the command word, then that command's options (from its picocli model),
 * signal names after {@code signal}, command names after {@code help}, and otherwise watcher names and
 * {@code name:wid} from the daemon plus {@code all}.
 */
public final class CommandCompleter implements Completer {
    static final List<String> SIGNALS = List.of("HUP", "INT", "QUIT", "KILL", "USR1", "USR2", "TERM", "CONT", "STOP",
            "TSTP", "WINCH");
    /** Commands whose operands are not process names. */
    private static final List<String> NO_NAMES = List.of("reread", "update", "avail", "shutdown", "daemon-restart", "version", "exit", "quit");

    private final Supplier<Map<String, List<String>>> commandModel;
    private final Supplier<List<String>> processNames;

    /**
     * @param commandModel every command word (in help order) with its option names; asked on each Tab (the
     *                     shell passes a memo that is filled in the background after the first prompt)
     */
    public CommandCompleter(Supplier<Map<String, List<String>>> commandModel, Supplier<List<String>> processNames) {
        this.commandModel = commandModel;
        this.processNames = processNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Map<String, List<String>> optionsByCommand = commandModel.get();
        List<String> words = line.words();
        int index = line.wordIndex();
        String current = line.word();
        int commandAt = commandIndex(words, index);
        if (commandAt < 0 || commandAt == index) {
            optionsByCommand.keySet().stream().filter(c -> !c.isEmpty()).forEach(c -> candidates.add(plain(c)));
            if (current.startsWith("-")) {
                optionsByCommand.getOrDefault("", List.of()).forEach(o -> candidates.add(plain(o)));
            }
            return;
        }
        String command = words.get(commandAt);
        if (current.startsWith("-")) {
            optionsByCommand.getOrDefault(command, List.of()).forEach(o -> candidates.add(plain(o)));
            optionsByCommand.getOrDefault("", List.of()).forEach(o -> candidates.add(plain(o)));
        } else if (command.equals("help")) {
            optionsByCommand.keySet().stream().filter(c -> !c.isEmpty()).forEach(c -> candidates.add(plain(c)));
        } else if (command.equals("signal") && index == commandAt + 1) {
            SIGNALS.forEach(s -> candidates.add(plain(s)));
        } else if (!NO_NAMES.contains(command)) {
            candidates.add(plain("all"));
            for (String name : processNames.get()) {
                // No space after a watcher name: the user may go on with ':wid'.
                candidates.add(new Candidate(name, name, null, null, null, null, name.contains(":")));
            }
        }
    }

    /** Index of the command word: the first word that is not a global option or its value; -1 if none yet. */
    static int commandIndex(List<String> words, int stopAt) {
        for (int i = 0; i < words.size() && i < stopAt; i++) {
            String w = words.get(i);
            if (w.equals("-c") || w.equals("--config") || w.equals("--socket") || w.equals("--url") || w.equals("--token")) {
                i++;
            } else if (!w.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    private static Candidate plain(String value) {
        return new Candidate(value, value, null, null, null, null, true);
    }
}
