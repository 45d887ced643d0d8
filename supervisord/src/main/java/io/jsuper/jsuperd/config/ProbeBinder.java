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
    private static final String FORMS = "tcp HOST:PORT (e.g. tcp 127.0.0.1:8000) or http URL "
            + "(e.g. http http://127.0.0.1:8000/ping)";

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
        ProbeSpec.Kind kind = kindText.equals("http") ? ProbeSpec.Kind.HTTP : ProbeSpec.Kind.TCP;
        String target = parts.length < 2 ? "" : parts[1].strip();
        boolean valid = false;
        if (parts.length < 2 || !(kindText.equals("tcp") || kindText.equals("http"))) {
            String found = kindText.equals("exec") || kindText.equals("notify")
                    ? "\"" + kindText + "\" checks are not supported by this jsuperd yet"
                    : "\"" + check.get() + "\" is not a health check";
            v.error(role, found, FORMS);
        } else if (!(kind == ProbeSpec.Kind.TCP ? validHostPort(target) : validUrl(target))) {
            v.error(role, "\"" + target + "\" is not a valid " + kind.configName() + " target", FORMS);
        } else {
            valid = true;
        }
        if (valid && kind == ProbeSpec.Kind.TCP) {
            for (String httpOnly : List.of("http_status", "http_body")) {
                if (v.has(role + "." + httpOnly)) {
                    v.error(role + "." + httpOnly, role + "." + httpOnly + " is set on a tcp check",
                            "http_status and http_body only for http checks");
                }
            }
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
