package io.jsuper.jsuperctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** Entry point of the jsuperctl client: global options, exit-code mapping, interactive prompt. */
@Command(name = "jsuperctl", mixinStandardHelpOptions = true, versionProvider = Jsuperctl.ClientVersion.class,
        description = "Control a running jsuperd. Without a command, reads commands from a prompt.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (status: every named process RUNNING)", "1:the command failed",
                "2:usage error", "3:status: some process not RUNNING",
                "4:unknown name, or the daemon cannot be reached"})
public final class Jsuperctl implements Callable<Integer> {
    static final String PROMPT = "(jsuperctl) ";

    /** Global options that take a value, to find the subcommand word in argv. */
    static final Set<String> VALUE_OPTIONS = GlobalOptions.WITH_VALUE;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "jsuperd config: take `socket` from its [jsuperd] section")
    Path config;

    @Option(names = "--socket", paramLabel = "PATH", description = "control socket (default: $JSUPER_SOCKET, ./jsuperd.sock, /run/jsuper/jsuperd.sock)")
    Path socket;

    @Option(names = "--url", paramLabel = "URL", description = "talk TCP instead: http://host:port")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "bearer token for --url (default: $JSUPER_TOKEN)")
    String token;

    @Option(names = "--json", description = "print the daemon's JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final BufferedReader stdin;
    private final String[] globalArgs;
    private final boolean interactive;
    /** stdin and stdout are a terminal: the prompt is the JLine shell, else the plain line reader. */
    boolean terminal;

    private final PrintWriter out;
    private final PrintWriter err;

    Jsuperctl(Map<String, String> env, BufferedReader stdin, String[] globalArgs, boolean interactive,
              PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.stdin = stdin;
        this.globalArgs = globalArgs;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        ApiClient.skipSelectorProviderScan();
        System.exit(run(args, System.getenv(), System.in, System.out, System.err, System.console() != null));
    }

    /** Runs one invocation; returns the exit code (tests call this in-process). */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        return run(args, env, in, out, err, false);
    }

    static int run(String[] rawArgs, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                   boolean terminal) {
        String[] args = GlobalOptions.hoist(rawArgs);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        try {
            Jsuperctl plain = new Jsuperctl(env, stdin, args, false, o, e);
            plain.terminal = terminal;
            Integer fast = FastPath.tryRun(args, plain);
            if (fast != null) {
                return fast;
            }
            Jsuperctl root = new Jsuperctl(env, stdin, args, false, o, e);
            root.terminal = terminal;
            return execute(root, args, o, e);
        } finally {
            o.flush();
            e.flush();
        }
    }

    private static int execute(Jsuperctl root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(root);
        String only = subcommandWord(args);
        if (only != null && !CommandList.ALL.containsKey(only)) {
            Failure.print(err, UnknownCommand.message(only, CommandList.ALL.keySet()));
            return ExitCodes.USAGE;
        }
        if (only != null && !only.equals("help")) {
            cl.addSubcommand(only, CommandList.ALL.get(only).get());
        } else {
            CommandList.ALL.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            Failure.print(err, ex.getMessage() + " (see: jsuperctl help)");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof CtlException) {
                Failure.print(err, ex.getMessage());
                if (root.json && ((CtlException) ex).exitCode() != ExitCodes.USAGE) {
                    JsonReport.failure(out, (CtlException) ex);
                }
                return ((CtlException) ex).exitCode();
            }
            Failure.print(err, "internal error: " + ex);
            return ExitCodes.FAILED;
        });
        return cl.execute(args);
    }

    /** The first word that is not a global option or its value, or null if there is none (or help is asked). */
    static String subcommandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUE_OPTIONS.contains(a)) {
                i++;
            } else if (a.equals("--json") || (a.startsWith("--") && a.contains("=") && VALUE_OPTIONS.contains(a.substring(0, a.indexOf('='))))) {
                continue;
            } else if (a.startsWith("-")) {
                return null; // -h, --version or a typo: register everything so picocli can explain
            } else {
                return a;
            }
        }
        return null;
    }

    /** No command given: the interactive prompt, or usage when already inside it. */
    @Override
    public Integer call() throws IOException {
        if (interactive) {
            spec.commandLine().usage(out);
            return ExitCodes.OK;
        }
        return prompt();
    }

    /** The prompt this invocation opens: the line editor on a terminal, else plain lines from stdin. */
    int prompt() throws IOException {
        // Referenced only here: JLine's classes load only when a prompt opens on a terminal.
        return terminal ? new io.jsuper.jsuperctl.shell.InteractiveShell(new ShellBridge(this)).run() : repl();
    }

    private int repl() throws IOException {
        int last = ExitCodes.OK;
        while (true) {
            out.print(PROMPT);
            out.flush();
            String line = stdin.readLine();
            if (line == null) {
                out.println();
                return last;
            }
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            if (first.equals("exit") || first.equals("quit")) {
                return last;
            }
            last = executeLine(words);
        }
    }

    /** Runs one prompt line with this invocation's global options in front. */
    int executeLine(List<String> words) {
        List<String> argv = new ArrayList<>(Arrays.asList(globalArgs));
        argv.addAll(words);
        String[] args = GlobalOptions.hoist(argv.toArray(new String[0]));
        return execute(new Jsuperctl(env, stdin, globalArgs, true, out, err), args, out, err);
    }

    /** The environment of this invocation (NO_COLOR, JSUPER_TOKEN…). */
    public Map<String, String> env() {
        return env;
    }

    /** Splits a prompt line on blanks; single or double quotes group words. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The client for the chosen endpoint; a usage error when both --url and --socket are given. */
    public ApiClient client() {
        if (url != null) {
            if (socket != null) {
                throw new CtlException(ExitCodes.USAGE, "use either --url or --socket, not both");
            }
            String t = token != null ? token : env.get("JSUPER_TOKEN");
            return ApiClient.http(url, t == null || t.isEmpty() ? null : t);
        }
        return ApiClient.unix(SocketLocator.locate(socket, config, env));
    }

    /** stdin and stdout are a terminal (a person is watching: headers and progress are for them). */
    public boolean terminal() {
        return System.console() != null;
    }

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** The client's own version, from the jar manifest. */
    static final class ClientVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jsuperctl.class.getPackage().getImplementationVersion();
            return new String[]{"jsuperctl " + (v == null ? "0.1.0-dev" : v)};
        }
    }
}
