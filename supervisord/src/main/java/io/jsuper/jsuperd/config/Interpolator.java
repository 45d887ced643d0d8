package io.jsuper.jsuperd.config;

import java.util.List;
import java.util.Map;

/**
 * Expands, in one pass and never recursively (so a value can't refer to itself): {@code %(here)s}
 * (directory of the file the value is in), {@code %(ENV_NAME)s} and {@code $(circus.env.NAME)} (the
 * daemon's environment), {@code %%} (a literal %). {@code $(circus.wid)} is kept for spawn time where
 * allowed. Other {@code $(…)} text is left alone, since shell commands use it.
 */
final class Interpolator {

    private static final String CIRCUS = "$(circus.";
    static final String WID = "$(circus.wid)";
    static final String SOCKETS = "$(circus.sockets.";
    /** Health checks: their {@code $(circus.env.X)} and {@code $(circus.sockets.X)} are resolved per process. */
    static final java.util.Set<String> CHECK_KEYS = java.util.Set.of("startup", "readiness", "liveness");

    private final Map<String, String> environment;

    Interpolator(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Expands {@code text}, which was written at {@code where}; throws on the first bad reference. */
    String expand(String text, RawEntry where, boolean widAllowed) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && text.startsWith("%%", i)) {
                out.append('%');
                i += 2;
            } else if (c == '%' && text.startsWith("%(", i)) {
                int end = text.indexOf(")s", i);
                if (end < 0) {
                    throw new InvalidValueException("unterminated " + Converters.quote(text.substring(i)),
                            "%(here)s or %(ENV_NAME)s; write %% for a literal %");
                }
                out.append(percent(text.substring(i + 2, end), where));
                i = end + 2;
                checkLength(out);
            } else if (c == '$' && text.regionMatches(true, i, CIRCUS, 0, CIRCUS.length())) {
                int end = text.indexOf(')', i);
                if (end < 0) {
                    throw new InvalidValueException("unterminated " + Converters.quote(text.substring(i)),
                            "$(circus.env.NAME) or $(circus.wid)");
                }
                out.append(circus(text.substring(i + CIRCUS.length(), end), where, widAllowed));
                i = end + 1;
                checkLength(out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Many references to a long variable must not build a value of gigabytes. */
    private static void checkLength(StringBuilder out) {
        if (out.length() > ConfigLimits.MAX_VALUE_CHARS) {
            throw new InvalidValueException("the value grows past " + ConfigLimits.MAX_VALUE_CHARS
                    + " characters once references are expanded", "at most " + ConfigLimits.MAX_VALUE_CHARS
                    + " characters per value after expansion");
        }
    }

    private String percent(String name, RawEntry where) {
        if (name.equals("here")) {
            return where.file().toAbsolutePath().getParent().toString();
        }
        if (name.startsWith("ENV_") && name.length() > 4) {
            return env(name.substring(4), "%(" + name + ")s");
        }
        throw new InvalidValueException("unknown reference %(" + name + ")s",
                "%(here)s or %(ENV_NAME)s; write %% for a literal %");
    }

    private String circus(String written, RawEntry where, boolean widAllowed) {
        // Circus matches these case-insensitively: $(CIRCUS.ENV.X) is $(circus.env.X).
        String name = written.regionMatches(true, 0, "env.", 0, 4) ? "env." + written.substring(4)
                : written.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("wid")) {
            if (!widAllowed) {
                throw new InvalidValueException(WID + " cannot be used in " + where.key(),
                        "$(circus.wid) only in cmd, args, env values, working_dir, stdout_stream.filename, stderr_stream.filename");
            }
            return WID;
        }
        boolean check = CHECK_KEYS.contains(where.key());
        if (name.startsWith("env.") && name.length() > 4) {
            // in a check, the process's environment (its env over jsuperd's): resolved per process (CheckTargets)
            return check ? "$(circus.env." + written.substring(4) + ")" : env(name.substring(4), "$(circus." + written + ")");
        }
        if (check && name.startsWith("sockets.") && name.length() > 8) {
            return SOCKETS + written.substring(8) + ")"; // the socket's address when the check runs
        }
        if (name.startsWith("sockets.") && name.length() > 8) {
            // the child's fd number, known at spawn time (SocketUse checks the name and use_sockets)
            String reference = SOCKETS + written.substring(8) + ")";
            if (!widAllowed || where.key().startsWith("stdout_stream") || where.key().startsWith("stderr_stream")
                    || where.key().equals("working_dir")) {
                throw new InvalidValueException(reference + " cannot be used in " + where.key(),
                        "$(circus.sockets.NAME) only in cmd, args, env values and check targets");
            }
            return reference;
        }
        throw new InvalidValueException("unknown reference $(circus." + name + ")",
                "$(circus.env.NAME), $(circus.wid) or $(circus.sockets.NAME)");
    }

    /** Exact name first; then, as Circus does, any case (the variable must be unambiguous). */
    private String env(String name, String reference) {
        String value = environment.get(name);
        if (value == null) {
            List<String> matches = environment.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).sorted().toList();
            if (matches.size() > 1) {
                throw new InvalidValueException(reference + " matches " + String.join(" and ", matches)
                        + " (Circus ignores case)", "a variable whose name is unique regardless of case");
            }
            value = matches.isEmpty() ? null : environment.get(matches.get(0));
        }
        if (value == null) {
            throw new InvalidValueException(reference + ": environment variable " + name + " is not set",
                    "a variable set in jsuperd's environment");
        }
        return value;
    }
}
