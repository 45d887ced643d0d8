package io.jsuper.jsuperd.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * supervisord's {@code [group:x] programs = a,b}: the watchers of programs a and b (each already in the group
 * of its own program) move to group x, so their names become {@code x:a}, {@code x:b_00} in supervisord's
 * XML-RPC and {@code x:*} addresses them all. Only programs of the same file can be grouped; {@code priority}
 * of the group is a warning (each program keeps its own).
 */
final class SupervisordGroups {

    private SupervisordGroups() {
    }

    static void apply(List<RawSection> sections, List<RawSection> out, ErrorList errors) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (RawSection s : sections) {
            if (!s.name().toLowerCase(Locale.ROOT).startsWith("group:")) {
                continue;
            }
            String group = s.name().substring(s.name().indexOf(':') + 1).strip();
            RawEntry programs = s.get("programs");
            if (programs == null || programs.value().isBlank()) {
                errors.at(s, "programs", "[group:" + group + "] without programs", "programs = a,b (supervisord requires it)");
                continue;
            }
            for (RawEntry e : s.entries().values()) {
                if (!e.key().equals("programs")) {
                    errors.warn(e, e.key().equals("priority") ? "a group's priority is not applied: each program keeps its own"
                            : "unknown [group:x] option, ignored", "priority on each [program:x]");
                }
            }
            for (String program : programs.value().split(",")) {
                String p = program.strip();
                if (!p.isEmpty() && groupOf.putIfAbsent(p, group) != null) {
                    errors.at(programs, "program " + p + " is in two groups", "one [group:x] per program");
                }
            }
            groupOf.forEach((p, g) -> {
                if (g.equals(group) && out.stream().noneMatch(w -> program(w).equals(p))) {
                    errors.warn(programs, "no [program:" + p + "] in this file: it is not grouped",
                            "put [group:" + group + "] in the file of its programs");
                }
            });
        }
        for (int i = 0; i < out.size(); i++) {
            RawSection w = out.get(i);
            String g = groupOf.get(program(w));
            if (g != null) {
                Map<String, RawEntry> entries = new LinkedHashMap<>(w.entries());
                RawEntry old = entries.get("group");
                entries.put("group", new RawEntry(w.name(), "group", g, old.file(), old.line(), old.origin()));
                out.set(i, w.withEntries(entries));
            }
        }
    }

    /** The program a translated watcher section came from (its group entry), or "" for any other section. */
    private static String program(RawSection s) {
        RawEntry g = s.name().startsWith(KnownKeys.WATCHER_PREFIX) ? s.get("group") : null;
        return g == null ? "" : g.value();
    }
}
