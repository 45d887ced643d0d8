package io.jsuper.jsuperctl;

import io.jsuper.jsuperctl.shell.ShellHost;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connects the interactive shell to this invocation: its global options, its command model, its streams. */
final class ShellBridge implements ShellHost {
    private final Jsuperctl root;

    ShellBridge(Jsuperctl root) {
        this.root = root;
    }

    @Override
    public int execute(List<String> words) {
        return root.executeLine(words);
    }

    @Override
    public ApiClient client() {
        return root.client();
    }

    /** From the same picocli model as --help, so completion never offers what parsing would refuse. */
    @Override
    public Map<String, List<String>> commandOptions() {
        CommandLine model = CommandList.fullModel();
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("", names(model));
        model.getSubcommands().forEach((name, sub) -> options.put(name, names(sub)));
        options.put("exit", List.of());
        options.put("quit", List.of());
        return options;
    }

    private static List<String> names(CommandLine cl) {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            out.add(o.longestName());
        }
        return out;
    }

    @Override
    public PrintWriter out() {
        return root.out();
    }

    @Override
    public PrintWriter err() {
        return root.err();
    }

    @Override
    public Map<String, String> env() {
        return root.env();
    }
}
