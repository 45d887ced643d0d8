package io.jsuper.jsuperd.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Binds a watcher's {@code startup}, {@code readiness}, {@code liveness} checks and their sub-options. */
final class ProbeBinder {

    static final List<String> ROLES = List.of("startup", "readiness", "liveness");
    static final List<String> SUB_KEYS = List.of("interval", "timeout", "failure_threshold", "success_threshold",
            "initial_delay", "http_status", "http_body");
    static final int MAX_THRESHOLD = 1000;
    static final Duration MAX_DURATION = Duration.ofHours(1);
    private static final String FORMS = "tcp HOST:PORT (e.g. tcp 127.0.0.1:8000, tcp $(circus.sockets.web), "
            + "tcp 127.0.0.1:$(circus.env.PORT)), http URL "
            + "(e.g. http http://127.0.0.1:8000/ping), exec COMMAND [ARGS] (e.g. exec /usr/bin/pg_isready -q) "
            + "or notify (readiness/startup only)";
    private static final List<String> POLL_KEYS = List.of("interval", "timeout", "failure_threshold",
            "success_threshold", "initial_delay");

    private ProbeBinder() {
    }

    static Probes bind(SectionValues v) {
        Optional<ProbeSpec> startup = role(v, "startup");
        Optional<ProbeSpec> readiness = role(v, "readiness");
        Optional<ProbeSpec> liveness = role(v, "liveness");
        Duration deadline = bounded(v, "ready_deadline", Probes.DEFAULT_READY_DEADLINE);
        if (v.has("ready_deadline") && !v.has("startup") && !v.has("readiness")) {
            v.error("ready_deadline", "ready_deadline is set but there is no startup or readiness check",
                    "readiness = tcp HOST:PORT (or startup = …) next to it, or no ready_deadline");
        }
        return new Probes(startup, readiness, liveness, deadline);
    }

    private static Optional<ProbeSpec> role(SectionValues v, String role) {
        Optional<String> check = v.nonBlank(role);
        if (check.isEmpty()) {
            for (String sub : SUB_KEYS) {
                if (v.has(role + "." + sub)) {
                    v.error(role + "." + sub, role + "." + sub + " is set but " + role + " is not",
                            role + " = " + FORMS + " next to it, or no " + role + ".* options");
                }
            }
            return Optional.empty();
        }
        String[] parts = check.get().split("\\s+", 2);
        String kindText = parts[0].toLowerCase(Locale.ROOT);
        ProbeSpec.Kind kind = kindOf(kindText);
        String target = parts.length < 2 ? "" : parts[1].strip();
        boolean valid = kind != null && validTarget(v, role, kind, target, check.get());
        if (kind == null) {
            v.error(role, "\"" + check.get() + "\" is not a health check", FORMS);
            kind = ProbeSpec.Kind.TCP;
        }
        if (valid) {
            refuseForeignSubOptions(v, role, kind);
        }
        // Sub-options are read even when the check itself is wrong, so that every error shows at once.
        ProbeSpec spec = new ProbeSpec(kind, target,
                positive(v, role + ".interval", Duration.ofSeconds(10)),
                positive(v, role + ".timeout", Duration.ofSeconds(1)),
                v.integer(role + ".failure_threshold", 3, 1, MAX_THRESHOLD),
                v.integer(role + ".success_threshold", 1, 1, MAX_THRESHOLD),
                bounded(v, role + ".initial_delay", Duration.ZERO),
                v.get(role + ".http_status", Set.of(), ProbeBinder::statuses),
                v.text(role + ".http_body").orElse(""));
        return valid ? Optional.of(spec) : Optional.empty();
    }

    private static ProbeSpec.Kind kindOf(String text) {
        for (ProbeSpec.Kind k : ProbeSpec.Kind.values()) {
            if (k.configName().equals(text)) {
                return k;
            }
        }
        return null;
    }

    /** Checks the target of a known kind; reports the error and returns false when it is wrong. */
    private static boolean validTarget(SectionValues v, String role, ProbeSpec.Kind kind, String target, String whole) {
        String form = CheckTargets.placeholders(target); // references are resolved per process
        String problem = switch (kind) {
            case TCP -> validHostPort(form) ? null : "\"" + target + "\" is not a valid tcp target";
            case HTTP -> validUrl(form) ? null : "\"" + target + "\" is not a valid http target";
            case EXEC -> target.toLowerCase(Locale.ROOT).contains(Interpolator.SOCKETS)
                    ? "$(circus.sockets.NAME) is for tcp and http checks (an exec check's command has no socket)"
                    : validCommand(target);
            case NOTIFY -> !target.isEmpty() ? "\"" + whole + "\": notify takes no target"
                    : role.equals("liveness") ? "notify is a readiness or startup check (it says READY=1 once), not liveness"
                    : null;
        };
        if (problem != null) {
            v.error(role, problem, FORMS);
        }
        return problem == null;
    }

    /** Split like {@code cmd} when it runs (quotes are checked there, as for cmd). */
    private static String validCommand(String target) {
        return target.isEmpty() ? "exec needs a command, e.g. exec /usr/bin/pg_isready -q" : null;
    }

    /** http_* only on http checks; no timing options on notify checks (the process decides when it is ready). */
    private static void refuseForeignSubOptions(SectionValues v, String role, ProbeSpec.Kind kind) {
        if (kind != ProbeSpec.Kind.HTTP) {
            for (String httpOnly : List.of("http_status", "http_body")) {
                if (v.has(role + "." + httpOnly)) {
                    v.error(role + "." + httpOnly, role + "." + httpOnly + " is set on " + (kind == ProbeSpec.Kind.EXEC ? "an " : "a ")
                            + kind.configName() + " check", "http_status and http_body only for http checks");
                }
            }
        }
        if (kind == ProbeSpec.Kind.NOTIFY) {
            for (String sub : POLL_KEYS) {
                if (v.has(role + "." + sub)) {
                    v.error(role + "." + sub, role + "." + sub + " is set on a notify check",
                            "no " + role + ".* options: the process says READY=1 itself; ready_deadline bounds the wait");
                }
            }
        }
    }

    private static Duration positive(SectionValues v, String key, Duration fallback) {
        Duration d = bounded(v, key, fallback);
        if (d.isZero()) {
            v.error(key, key + " = 0", "a duration above zero, at most 1h, e.g. 2s");
            return fallback;
        }
        return d;
    }

    private static Duration bounded(SectionValues v, String key, Duration fallback) {
        Duration d = v.duration(key, fallback);
        if (d.compareTo(MAX_DURATION) > 0) {
            v.error(key, key + " = " + d.toSeconds() + " s is above the limit", "at most 1h");
            return fallback;
        }
        return d;
    }

    static Set<Integer> statuses(String text) {
        Set<Integer> out = new TreeSet<>();
        for (String item : text.split(",")) {
            try {
                int status = Integer.parseInt(item.strip());
                if (status < 100 || status > 599) {
                    throw new NumberFormatException();
                }
                out.add(status);
            } catch (NumberFormatException e) {
                throw new InvalidValueException(Converters.quote(item.strip()) + " is not an HTTP status",
                        "a comma-separated list of statuses 100..599, e.g. 200,204");
            }
        }
        return out;
    }

    private static boolean validHostPort(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || target.contains("/")) {
            return false;
        }
        try {
            int port = Integer.parseInt(target.substring(colon + 1));
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean validUrl(String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme();
            return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
