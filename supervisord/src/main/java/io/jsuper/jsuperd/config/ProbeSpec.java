package io.jsuper.jsuperd.config;

import java.time.Duration;
import java.util.Set;

/**
 * One health check of a watcher ({@code readiness}, {@code liveness} or {@code startup}), bound and
 * validated. Pure data, so that a changed check makes a reload restart the watcher like any changed option.
 *
 * @param kind             how the check is made
 * @param target           {@code host:port} for tcp, the URL for http, the command line for exec, empty for notify
 * @param interval         time between the end of one check and the start of the next
 * @param timeout          a check slower than this failed
 * @param failureThreshold failures in a row that make the check fail
 * @param successThreshold successes in a row that make the check pass
 * @param initialDelay     time after the spawn before the first check
 * @param httpStatuses     statuses that pass an http check; empty means any 2xx
 * @param httpBody         a substring the http body must contain; empty means no body check
 */
public record ProbeSpec(
        Kind kind,
        String target,
        Duration interval,
        Duration timeout,
        int failureThreshold,
        int successThreshold,
        Duration initialDelay,
        Set<Integer> httpStatuses,
        String httpBody) {

    public ProbeSpec {
        httpStatuses = Set.copyOf(httpStatuses);
    }

    /** How a check is made. */
    public enum Kind {
        TCP, HTTP,
        /** A command run as the watcher's user; exit 0 passes. */
        EXEC,
        /** The process itself says {@code READY=1} on its {@code NOTIFY_SOCKET} (systemd's Type=notify). */
        NOTIFY;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The same check aimed at {@code resolved} (its references resolved for one process). */
    public ProbeSpec withTarget(String resolved) {
        return new ProbeSpec(kind, resolved, interval, timeout, failureThreshold, successThreshold, initialDelay,
                httpStatuses, httpBody);
    }

    /** True when an http status passes this check. */
    public boolean statusPasses(int status) {
        return httpStatuses.isEmpty() ? status >= 200 && status < 300 : httpStatuses.contains(status);
    }

    /** "GET http://127.0.0.1:8000/ping", "connect 127.0.0.1:8000", "exec pg_isready", "notify READY=1": for reasons and status. */
    public String describe() {
        return switch (kind) {
            case HTTP -> "GET " + target;
            case TCP -> "connect " + target;
            case EXEC -> "exec " + target;
            case NOTIFY -> "notify READY=1";
        };
    }

    /** True for checks that jsuperd runs on a timer (not notify, which the process sends by itself). */
    public boolean polled() {
        return kind != Kind.NOTIFY;
    }
}
