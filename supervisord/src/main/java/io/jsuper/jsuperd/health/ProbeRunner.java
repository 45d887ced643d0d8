package io.jsuper.jsuperd.health;

import io.jsuper.jsuperd.config.ProbeSpec;

import java.util.concurrent.CompletableFuture;

/**
 * Runs health checks off the supervisor loop. The future always completes (a failure is a failed
 * {@link ProbeResult}, never an exception) and within about the check's timeout.
 */
public interface ProbeRunner {

    CompletableFuture<ProbeResult> run(ProbeSpec spec);

    /** For contexts that have no checks: every check fails at once. */
    ProbeRunner NONE = spec -> CompletableFuture.completedFuture(ProbeResult.failed("no probe runner", 0));
}
