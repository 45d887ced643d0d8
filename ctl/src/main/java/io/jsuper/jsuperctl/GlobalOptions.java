package io.jsuper.jsuperctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets the global options stand anywhere on the line: {@code jsuperctl status --json} means
 * {@code jsuperctl --json status}. They are moved in front of the command word before parsing; no
 * subcommand has an option of the same name, so nothing becomes ambiguous. After {@code --} nothing moves.
 */
final class GlobalOptions {
    /** Global options that take a value. */
    static final Set<String> WITH_VALUE = Set.of("-c", "--config", "--socket", "--url", "--token");
    static final Set<String> FLAGS = Set.of("--json");

    private GlobalOptions() {
    }

    /** The same words with every global option (and its value) first, in their original order. */
    static String[] hoist(String[] args) {
        List<String> globals = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean literal = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (literal) {
                rest.add(a);
            } else if (a.equals("--")) {
                literal = true;
                rest.add(a);
            } else if (WITH_VALUE.contains(a) && i + 1 < args.length) {
                globals.add(a);
                globals.add(args[++i]);
            } else if (FLAGS.contains(a) || isJoined(a)) {
                globals.add(a);
            } else {
                rest.add(a);
            }
        }
        if (globals.isEmpty()) {
            return args;
        }
        globals.addAll(rest);
        return globals.toArray(new String[0]);
    }

    private static boolean isJoined(String a) {
        int eq = a.indexOf('=');
        return a.startsWith("--") && eq > 0 && WITH_VALUE.contains(a.substring(0, eq));
    }
}
