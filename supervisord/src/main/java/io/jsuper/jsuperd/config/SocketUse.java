package io.jsuper.jsuperd.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks watchers against the {@code [socket:NAME]} sections: every {@code $(circus.sockets.NAME)}
 * names a socket, a watcher that refers to one has {@code use_sockets = true}, and {@code use_sockets}
 * without any socket is a mistake. Also bounds the number of sockets a child can inherit.
 */
final class SocketUse {

    static final int MAX_SOCKETS = 64;
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(circus\\.sockets\\.([^)]*)\\)", Pattern.CASE_INSENSITIVE);

    private SocketUse() {
    }

    static void check(Map<String, RawSection> sections, Map<String, WatcherConfig> watchers,
                      Map<String, SocketConfig> sockets, ErrorList errors) {
        if (sockets.size() > MAX_SOCKETS) {
            RawSection last = null;
            for (RawSection s : sections.values()) {
                last = s;
            }
            errors.inFile(last == null ? java.nio.file.Path.of("?") : last.file(), 0, sockets.size() + " [socket:NAME] sections",
                    "at most " + MAX_SOCKETS + " sockets (a child inherits all of them as fds 3..66)");
        }
        watchers.forEach((name, w) -> {
            RawSection section = sections.get(name);
            if (section == null) {
                return;
            }
            boolean uses = w.deploy().useSockets();
            RawEntry flag = section.get("use_sockets");
            if (uses && sockets.isEmpty()) {
                errors.at(flag != null ? flag : new RawEntry(section.name(), "use_sockets", "", section.file(), section.line()),
                        "use_sockets = true but there is no [socket:NAME] section", "a [socket:NAME] section, or use_sockets = false");
            }
            for (RawEntry e : section.entries().values()) {
                Matcher m = REFERENCE.matcher(e.value());
                while (m.find()) {
                    String socket = m.group(1);
                    if (!sockets.containsKey(socket)) {
                        String hint = DidYouMean.closest(socket, sockets.keySet()).map(s -> "; did you mean " + s + "?").orElse("");
                        errors.at(e, "$(circus.sockets." + socket + ") names no [socket:" + socket + "] section" + hint,
                                sockets.isEmpty() ? "a [socket:" + socket + "] section" : "one of " + sockets.keySet());
                    } else if (!uses) {
                        errors.at(e, "$(circus.sockets." + socket + ") is used but use_sockets is not true",
                                "use_sockets = true in [" + section.name() + "]");
                    }
                }
            }
        });
    }
}
