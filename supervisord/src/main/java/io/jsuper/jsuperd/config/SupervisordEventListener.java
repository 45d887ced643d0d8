package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code [eventlistener:x]} as supervisord reads it: a {@code [program:x]} (read by {@link SupervisordProgram},
 * with the listener's default priority -1) whose watchers get {@code listener_events}, {@code listener_pool = x}
 * and {@code listener_buffer_size}, and supervisord's {@code SUPERVISOR_*} variables, so that
 * {@code childutils.getRPCInterface} reaches jsuperd's XML-RPC through {@code [unix_http_server]}'s socket.
 */
final class SupervisordEventListener {
    static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
    /** The supervisor_stdout package's handler: it prints each result, prefixed with process and channel. */
    static final String STDOUT_RESULT_HANDLER = "supervisor_stdout:event_handler";
    /** Options of [eventlistener:x] only; the rest are [program:x]'s. */
    private static final Set<String> OWN = Set.of("events", "buffer_size", "result_handler", "serverurl");

    private SupervisordEventListener() {
    }

    /** {@code all}: every section of the file, for the server URL and credentials of {@code [unix_http_server]}. */
    static List<RawSection> translate(RawSection s, List<RawSection> all, Map<String, String> environment,
                                      SupervisordDaemonSection.ProgramDefaults defaults, ErrorList errors) {
        String pool = s.name().substring(s.name().indexOf(':') + 1).strip();
        RawEntry events = s.get("events");
        if (events == null || events.value().isBlank()) {
            errors.at(s, "events", "[eventlistener:" + pool + "] without events",
                    "events = PROCESS_STATE (the event types it subscribes to; supervisord requires it)");
            return List.of();
        }
        String results = results(s.get("result_handler"), errors);
        Map<String, RawEntry> program = new LinkedHashMap<>();
        program.put("priority", new RawEntry(s.name(), "priority", "-1", s.file(), s.line()));
        s.entries().forEach((k, e) -> {
            if (!OWN.contains(k) && !k.equals("environment")) {
                program.put(k, e);
            }
        });
        program.put("environment", environment(s, all, environment, errors));
        List<RawSection> out = new ArrayList<>();
        for (RawSection t : SupervisordProgram.translate(new RawSection(s.name(), s.file(), s.line(), program),
                environment, defaults, errors)) {
            out.add(t.name().startsWith(KnownKeys.WATCHER_PREFIX) ? withListener(t, s, pool, results) : t);
        }
        return out;
    }

    /**
     * supervisord's {@code result_handler} as {@code listener_results}: the default is built in, supervisor_stdout's
     * handler (the listener echoes output events; the handler prints them) is followed, and any other Python callable
     * is a warning: its listener's results all accept, as from a handler that never rejects.
     */
    private static String results(RawEntry handler, ErrorList errors) {
        String h = handler == null ? DEFAULT_RESULT_HANDLER : handler.value().strip();
        if (h.equals(DEFAULT_RESULT_HANDLER)) {
            return "ok";
        }
        if (h.equals(STDOUT_RESULT_HANDLER)) {
            return "print";
        }
        errors.warn(handler, "result_handler = " + h + " is a Python callable, which jsuperd cannot run",
                "every RESULT the listener sends accepts its event and the text is dropped (listener_results = any)");
        return "any";
    }

    private static RawSection withListener(RawSection watcher, RawSection s, String pool, String results) {
        Map<String, RawEntry> w = new LinkedHashMap<>(watcher.entries());
        RawEntry handler = s.get("result_handler");
        w.put("listener_results", handler != null ? handler.translated(watcher.name(), "listener_results", results)
                : new RawEntry(watcher.name(), "listener_results", results, s.file(), s.line(), new Origin(s.name(), null, null)));
        RawEntry events = s.get("events");
        w.put("listener_events", events.translated(watcher.name(), "listener_events", events.value()));
        w.put("listener_pool", new RawEntry(watcher.name(), "listener_pool", pool, s.file(), s.line(),
                new Origin(s.name(), null, null)));
        RawEntry size = s.get("buffer_size");
        if (size != null) {
            w.put("listener_buffer_size", size.translated(watcher.name(), "listener_buffer_size", size.value()));
        }
        return watcher.withEntries(w);
    }

    /** supervisord's SUPERVISOR_* variables first, then the section's own {@code environment}. */
    private static RawEntry environment(RawSection s, List<RawSection> all, Map<String, String> env, ErrorList errors) {
        RawEntry own = s.get("environment");
        RawEntry processName = s.get("process_name");
        StringBuilder v = new StringBuilder("SUPERVISOR_ENABLED=\"1\",SUPERVISOR_PROCESS_NAME=\"")
                .append(processName == null ? "%(program_name)s" : processName.value().strip())
                .append("\",SUPERVISOR_GROUP_NAME=\"%(group_name)s\"");
        String url = serverUrl(s, all, env, errors);
        if (url != null) {
            v.append(",SUPERVISOR_SERVER_URL=\"").append(url.replace("%", "%%")).append('"');
        }
        RawSection server = unixServer(all);
        for (String key : List.of("username", "password")) {
            if (server != null && server.get(key) != null) {
                v.append(",SUPERVISOR_").append(key.toUpperCase(java.util.Locale.ROOT)).append("=\"")
                        .append(server.get(key).value().strip().replace("%", "%%").replace("\"", "")).append('"');
            }
        }
        if (own != null && !own.value().isBlank()) {
            v.append(',').append(own.value().strip());
        }
        return new RawEntry(s.name(), "environment", v.toString(), s.file(), own == null ? s.line() : own.line());
    }

    /** {@code serverurl} when set, else {@code unix://} and the socket of {@code [unix_http_server]} (AUTO). */
    private static String serverUrl(RawSection s, List<RawSection> all, Map<String, String> env, ErrorList errors) {
        RawEntry explicit = s.get("serverurl");
        if (explicit != null && !explicit.value().strip().equalsIgnoreCase("AUTO")) {
            return SupervisordProgram.commonExpand(explicit, env, errors).strip();
        }
        RawSection server = unixServer(all);
        if (server == null || server.get("file") == null) {
            return null;
        }
        return "unix://" + SupervisordProgram.commonExpand(server.get("file"), env, errors).strip();
    }

    private static RawSection unixServer(List<RawSection> all) {
        return all.stream().filter(x -> x.name().equalsIgnoreCase("unix_http_server")).findFirst().orElse(null);
    }
}
