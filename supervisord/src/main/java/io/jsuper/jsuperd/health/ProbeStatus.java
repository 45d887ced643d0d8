package io.jsuper.jsuperd.health;

/**
 * What one check of one process last found, for status, the API and metrics.
 *
 * @param role                 startup, readiness or liveness
 * @param check                e.g. "GET http://127.0.0.1:8000/ping"
 * @param passing              the check's verdict after its thresholds (false until it first passes)
 * @param lastResult           "ok", or why the last check failed; null before the first check
 * @param lastLatencyMillis    how long the last check took
 * @param consecutiveFailures  failures in a row
 * @param consecutiveSuccesses successes in a row
 * @param checks               checks made for the current child
 */
public record ProbeStatus(String role, String check, boolean passing, String lastResult, long lastLatencyMillis,
                          int consecutiveFailures, int consecutiveSuccesses, long checks) {
}
