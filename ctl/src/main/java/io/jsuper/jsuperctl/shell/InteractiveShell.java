package io.jsuper.jsuperctl.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The interactive jsuperctl prompt on a terminal: JLine line editing, history kept across sessions, Tab
 * completion; Ctrl-C drops the line being typed, Ctrl-D (or {@code exit}/{@code quit}) leaves. This is the
 * only class that opens a terminal; it is loaded only when a prompt is asked for on a terminal.
 */
public final class InteractiveShell {
    public static final String PROMPT = "(jsuperctl) ";

    private final ShellHost host;

    public InteractiveShell(ShellHost host) {
        this.host = host;
    }

    /** Runs the prompt until Ctrl-D or {@code exit}; returns the last command's exit code. */
    public int run() {
        Memo<Map<String, List<String>>> commandModel = new Memo<>(host::commandOptions);
        try (Terminal terminal = openTerminal()) {
            LineReader reader = reader(terminal, commandModel);
            Greeting.lines(host).forEach(host.out()::println);
            host.out().println("Type 'help' or 'help COMMAND'; Tab completes; Ctrl-D leaves.");
            host.out().flush();
            warmUp(commandModel);
            return loop(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /**
     * The terminal through {@link FewerExecsTerminalProvider}; should that fail (no {@code stty}?), JLine's own
     * builder, which explains itself and falls back to a dumb terminal.
     */
    private static Terminal openTerminal() throws IOException {
        try {
            return new FewerExecsTerminalProvider().sysTerminal("jsuperctl", System.getenv("TERM"), false,
                    Charset.defaultCharset(), true, Terminal.SignalHandler.SIG_DFL, false, SystemStream.Output);
        } catch (IOException | RuntimeException e) {
            return TerminalBuilder.builder().system(true).provider("exec").build();
        }
    }

    /**
     * Builds the command model for completion (picocli reflecting over every command, ~100 ms) on a
     * background thread, so that neither the first prompt nor the first Tab waits for it.
     */
    private static void warmUp(Memo<Map<String, List<String>>> commandModel) {
        Thread t = new Thread(commandModel::get, "jsuperctl-completion-model");
        t.setDaemon(true);
        t.start();
    }

    private LineReader reader(Terminal terminal, Memo<Map<String, List<String>>> commandModel) {
        Path history = HistoryFile.locate(host.env(), System.getProperty("user.home"));
        createParent(history);
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // backslashes are data (paths, regexes), as in the plain prompt
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jsuperctl")
                .parser(parser)
                .completer(new CommandCompleter(commandModel,
                        new ProcessNames(host::client, System::nanoTime)::get))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is not bash history here
                .build();
    }

    private int loop(LineReader reader) {
        int last = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: forget the line, prompt again
            } catch (EndOfFileException e) {
                host.out().println();
                return last;
            }
            List<String> words = reader.getParsedLine() == null ? List.of() : words(reader);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                return last;
            }
            last = host.execute(words);
            host.out().flush();
            host.err().flush();
        }
    }

    private static List<String> words(LineReader reader) {
        return reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
    }

    /** A history file whose directory cannot be made only costs history, never the shell. */
    private void createParent(Path history) {
        try {
            Files.createDirectories(history.getParent());
        } catch (IOException | RuntimeException e) {
            host.err().println("jsuperctl: history not kept: cannot create " + history.getParent() + ": " + e.getMessage());
        }
    }
}
