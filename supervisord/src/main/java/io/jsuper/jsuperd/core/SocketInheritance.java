package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code use_sockets} process gets: the daemon's sockets as fds 3, 4, … (in config order), their numbers
 * in place of {@code $(circus.sockets.NAME)} in argv and env, and, unless argv named a socket that way,
 * systemd's {@code LISTEN_FDS}, {@code LISTEN_FDNAMES} and {@code LISTEN_PID} (a placeholder the spawn helper
 * overwrites with the child's pid).
 */
final class SocketInheritance {
    static final int FIRST_FD = 3;
    /** Ten characters: room for any pid (pid_max is at most 2^22). */
    static final String PID_PLACEHOLDER = "0000000000";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(circus\\.sockets\\.([^)]*)\\)", Pattern.CASE_INSENSITIVE);

    private SocketInheritance() {
    }

    /** Rewrites {@code argv} and {@code env} in place; returns the daemon fds to pass (empty without use_sockets). */
    static List<Integer> apply(WatcherConfig watcher, List<String> argv, Map<String, String> env, ListenSockets sockets)
            throws SpawnPlanner.PlanException {
        if (!watcher.deploy().useSockets()) {
            return List.of();
        }
        List<String> names = sockets.names();
        List<Integer> fds = sockets.fds();
        boolean toldOnCommandLine = false;
        for (int i = 0; i < argv.size(); i++) {
            String word = substitute(argv.get(i), names);
            toldOnCommandLine |= !word.equals(argv.get(i));
            argv.set(i, word);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            e.setValue(substitute(e.getValue(), names));
        }
        if (!toldOnCommandLine) {
            // A program given its fd on the command line must not also see LISTEN_FDS: gunicorn 20 takes both
            // and opens the same fd twice (EBADF). Without one, systemd's way: sd_listen_fds() finds them.
            env.put("LISTEN_FDS", Integer.toString(fds.size()));
            env.put("LISTEN_FDNAMES", String.join(":", names));
            env.put("LISTEN_PID", PID_PLACEHOLDER);
        }
        return fds;
    }

    private static String substitute(String text, List<String> names) throws SpawnPlanner.PlanException {
        if (!text.contains("$(")) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = names.indexOf(m.group(1));
            if (index < 0) {
                throw new SpawnPlanner.PlanException("$(circus.sockets." + m.group(1) + ") names no socket jsuperd holds "
                        + "(open: " + names + ")");
            }
            m.appendReplacement(out, Integer.toString(FIRST_FD + index));
        }
        m.appendTail(out);
        return out.toString();
    }
}
