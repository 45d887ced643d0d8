package io.jsuper.jsuperctl;

import io.jsuper.jsuperctl.cmd.LifecycleCommand;
import io.jsuper.jsuperctl.cmd.StatusCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the plain forms of {@code status}, {@code start|stop|restart|reload NAME…} and the prompt (global
 * options only) without building picocli's command model, which costs more than the JVM start itself
 * (picocli is compiled for Java 5, so AppCDS cannot archive it: every class is read and verified from the
 * jar). Anything unusual (help, unknown options, other commands) returns null and goes through picocli,
 * which stays the one definition of the CLI's syntax.
 */
final class FastPath {
    private FastPath() {
    }

    /** @return the exit code, or null when picocli must handle these arguments */
    static Integer tryRun(String[] args, Jsuperctl root) {
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (Jsuperctl.VALUE_OPTIONS.contains(name)) {
                if (value == null) {
                    if (++i >= args.length) {
                        return null;
                    }
                    value = args[i];
                }
                set(root, name, value);
            } else if (a.equals("--json")) {
                root.json = true;
            } else if (a.startsWith("-")) {
                return null;
            } else {
                break;
            }
        }
        if (i >= args.length) {
            return prompt(root);
        }
        String verb = args[i];
        List<String> names = new ArrayList<>();
        for (i++; i < args.length; i++) {
            if (args[i].startsWith("-")) {
                return null;
            }
            names.add(args[i]);
        }
        try {
            if (verb.equals("status")) {
                return StatusCommand.run(root, names);
            }
            return LifecycleCommand.runPlain(root, verb, names);
        } catch (CtlException e) {
            Failure.print(root.err(), e.getMessage());
            if (root.json()) {
                JsonReport.failure(root.out(), e);
            }
            return e.exitCode();
        }
    }

    private static int prompt(Jsuperctl root) {
        try {
            return root.prompt();
        } catch (CtlException e) {
            Failure.print(root.err(), e.getMessage());
            return e.exitCode();
        } catch (IOException | java.io.UncheckedIOException e) {
            Failure.print(root.err(), "cannot read commands: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static void set(Jsuperctl root, String option, String value) {
        switch (option) {
            case "-c": case "--config": root.config = Path.of(value); break;
            case "--socket": root.socket = Path.of(value); break;
            case "--url": root.url = value; break;
            default: root.token = value; break;
        }
    }
}
