package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References in the target of a tcp or http check, resolved for each process when its child starts:
 * {@code $(circus.sockets.NAME)} is the address of a daemon-owned socket ({@code 127.0.0.1:8000}), or only its
 * port right after a colon ({@code http://127.0.0.1:$(circus.sockets.web)/ping}); {@code $(circus.env.NAME)}
 * is a variable of the process's environment (its {@code env} with {@code $(circus.wid)} expanded, over
 * jsuperd's with {@code copy_env}). At load, {@link #check} makes sure every reference can be resolved.
 */
public final class CheckTargets {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(circus\\.(env|sockets)\\.([^)]*)\\)",
            Pattern.CASE_INSENSITIVE);
    /** Variables every process has whatever its config says (SpawnPlanner sets them). */
    static final List<String> ALWAYS_SET = List.of("CIRCUS_WID", "JSUPER_WID", "JSUPER_WATCHER");
    /** Variables a process gets from jsuperd's environment without copy_env. */
    static final List<String> CLEAN_ENV = List.of("PATH", "LANG", "TZ");

    private CheckTargets() {
    }

    /** True when {@code target} has a reference to resolve per process. */
    public static boolean hasReferences(String target) {
        return REFERENCE.matcher(target).find();
    }

    /** {@code target} with made-up values in place of the references, to check the form of the rest at load. */
    static String placeholders(String target) {
        return resolve(target, name -> Optional.of("1"), name -> Optional.of("127.0.0.1:1")).orElseThrow();
    }

    /**
     * {@code target} with its references resolved; empty when one cannot be, with why in {@code problem}.
     *
     * @param env     a variable of the process's environment
     * @param sockets a socket's address ({@code 127.0.0.1:8000}, {@code [::1]:8000}, {@code unix:/run/x.sock})
     */
    public static Optional<String> resolve(String target, Function<String, Optional<String>> env,
                                           Function<String, Optional<String>> sockets) {
        return resolve(target, env, sockets, new StringBuilder());
    }

    /** As {@link #resolve(String, Function, Function)}, appending why it failed to {@code problem}. */
    public static Optional<String> resolve(String target, Function<String, Optional<String>> env,
                                           Function<String, Optional<String>> sockets, StringBuilder problem) {
        Matcher m = REFERENCE.matcher(target);
        StringBuilder out = new StringBuilder(target.length());
        while (m.find()) {
            String name = m.group(2);
            boolean socket = m.group(1).equalsIgnoreCase("sockets");
            Optional<String> value = socket ? sockets.apply(name) : env.apply(name);
            if (value.isEmpty()) {
                problem.append(socket ? "no socket " + name : "environment variable " + name + " is not set");
                return Optional.empty();
            }
            String text = value.get();
            if (socket && m.start() > 0 && target.charAt(m.start() - 1) == ':') {
                int colon = text.lastIndexOf(':');
                if (text.startsWith("unix:") || colon < 0) {
                    problem.append("socket " + name + " (" + text + ") has no port");
                    return Optional.empty();
                }
                text = text.substring(colon + 1); // in a port position: only the port
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    /**
     * At load: every {@code $(circus.env.NAME)} of a check names a variable its processes will have, and a
     * socket is of a kind the check can use (a stream socket; tcp or unix for tcp checks, tcp for http checks).
     * Socket names and {@code use_sockets} are checked by {@link SocketUse} with every other reference.
     */
    static void check(Map<String, RawSection> sections, Map<String, WatcherConfig> watchers,
                      Map<String, SocketConfig> sockets, Map<String, String> environment, ErrorList errors) {
        watchers.forEach((name, w) -> {
            RawSection section = sections.get(name);
            if (section == null) {
                return;
            }
            List<Map.Entry<String, ProbeSpec>> specs = new ArrayList<>();
            w.probes().startup().ifPresent(s -> specs.add(Map.entry("startup", s)));
            w.probes().readiness().ifPresent(s -> specs.add(Map.entry("readiness", s)));
            w.probes().liveness().ifPresent(s -> specs.add(Map.entry("liveness", s)));
            for (Map.Entry<String, ProbeSpec> e : specs) {
                RawEntry where = section.get(e.getKey());
                if (where != null) {
                    checkOne(w, e.getValue(), where, sockets, environment, errors);
                }
            }
        });
    }

    private static void checkOne(WatcherConfig w, ProbeSpec spec, RawEntry where, Map<String, SocketConfig> sockets,
                                 Map<String, String> environment, ErrorList errors) {
        Matcher m = REFERENCE.matcher(spec.target());
        while (m.find()) {
            String name = m.group(2);
            if (m.group(1).equalsIgnoreCase("env")) {
                if (!processHas(w, name, environment)) {
                    errors.at(where, "$(circus.env." + name + ") in " + where.key() + ": " + name
                                    + " is not in the environment of " + w.name() + "'s processes",
                            "a variable of env, env_file or [env:" + w.name() + "] (or of jsuperd's environment with copy_env = true)");
                }
                continue;
            }
            SocketConfig socket = sockets.get(name);
            if (socket == null) {
                continue; // SocketUse reports it, with a did-you-mean
            }
            String problem = socket.type() != SocketConfig.Type.STREAM ? "is a datagram socket"
                    : socket.family() == SocketConfig.Family.UNIX && spec.kind() == ProbeSpec.Kind.HTTP
                    ? "is a unix socket (http checks reach TCP sockets only)"
                    : socket.family() == SocketConfig.Family.UNIX && m.start() > 0 && spec.target().charAt(m.start() - 1) == ':'
                    ? "is a unix socket and has no port" : null;
            if (problem != null) {
                errors.at(where, "$(circus.sockets." + name + ") in " + where.key() + ": [socket:" + name + "] " + problem,
                        "a STREAM socket: tcp $(circus.sockets.NAME) for tcp or unix, http://$(circus.sockets.NAME)/path for tcp");
            }
        }
    }

    private static boolean processHas(WatcherConfig w, String name, Map<String, String> environment) {
        if (w.env().containsKey(name) || ALWAYS_SET.contains(name)) {
            return true;
        }
        return (w.copyEnv() || CLEAN_ENV.contains(name)) && environment.containsKey(name);
    }
}
