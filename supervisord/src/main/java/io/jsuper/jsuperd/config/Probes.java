package io.jsuper.jsuperd.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A watcher's health checks. With a startup or readiness check a process is RUNNING when they first pass
 * (not when startsecs elapses), and a start that does not get there within {@code readyDeadline} failed.
 * Liveness runs once the startup check (if any) passed; failing it restarts the process like a crash.
 */
public record Probes(Optional<ProbeSpec> startup, Optional<ProbeSpec> readiness, Optional<ProbeSpec> liveness,
                     Duration readyDeadline) {

    public static final Duration DEFAULT_READY_DEADLINE = Duration.ofSeconds(60);
    public static final Probes NONE = new Probes(Optional.empty(), Optional.empty(), Optional.empty(),
            DEFAULT_READY_DEADLINE);

    /** True when RUNNING waits for a check instead of startsecs. */
    public boolean gatesRunning() {
        return startup.isPresent() || readiness.isPresent();
    }

    /** True when a startup or readiness check is {@code notify}: the processes get a {@code NOTIFY_SOCKET}. */
    public boolean usesNotify() {
        return startup.filter(s -> s.kind() == ProbeSpec.Kind.NOTIFY).isPresent()
                || readiness.filter(s -> s.kind() == ProbeSpec.Kind.NOTIFY).isPresent();
    }

    public boolean any() {
        return gatesRunning() || liveness.isPresent();
    }
}
