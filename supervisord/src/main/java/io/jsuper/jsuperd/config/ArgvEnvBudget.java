package io.jsuper.jsuperd.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A watcher's argv and environment must fit what execve accepts: together within ARG_MAX (see
 * {@link ConfigLimits#MAX_ARGV_ENV_BYTES}), each string within MAX_ARG_STRLEN (128 KiB). Checked when the
 * config is loaded, so that the mistake is a config error, not a spawn that fails with E2BIG forever.
 */
final class ArgvEnvBudget {

    /** The kernel's MAX_ARG_STRLEN: 32 pages, including the NUL. */
    static final int MAX_STRING_BYTES = 128 * 1024;
    private static final int POINTER = 8;

    private ArgvEnvBudget() {
    }

    static void check(WatcherConfig w, RawSection section, Map<String, String> daemonEnv, ErrorList errors) {
        // Upper bound for argv: every whitespace-separated token its own string (quotes only merge tokens).
        int tokens = w.args().isBlank() ? 0 : w.args().strip().split("\\s+").length;
        long bytes = bytes(w.cmd()) + 1 + bytes(w.args()) + 1 + (long) POINTER * (tokens + 4);
        Map<String, String> env = new LinkedHashMap<>();
        if (w.copyEnv()) {
            env.putAll(daemonEnv);
        }
        env.putAll(w.env());
        for (Map.Entry<String, String> e : env.entrySet()) {
            long entry = bytes(e.getKey()) + 1 + bytes(e.getValue()) + 1;
            if (entry > MAX_STRING_BYTES && w.env().containsKey(e.getKey())) {
                errors.at(section, "env", "variable " + e.getKey() + " is " + entry + " bytes long",
                        "at most " + MAX_STRING_BYTES + " bytes for NAME=VALUE (the kernel's MAX_ARG_STRLEN)");
            }
            bytes += entry + POINTER;
        }
        if (bytes > ConfigLimits.MAX_ARGV_ENV_BYTES) {
            errors.at(section, w.copyEnv() ? "copy_env" : "args", "the command line and environment take " + bytes
                    + " bytes" + (w.copyEnv() ? " (with jsuperd's environment, copy_env = true)" : ""),
                    "at most " + ConfigLimits.MAX_ARGV_ENV_BYTES + " bytes together (within the kernel's ARG_MAX)");
        }
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
