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
 * @param lastCheckNanos       the loop's monotonic clock when the last result came in (meaningless while
 *                             {@code checks} is 0)
 * @param lastCheckAgeMillis   how long ago that was, as of the read that made this copy; -1 before the first
 *                             check (the edge turns it into wall-clock time: the core keeps only monotonic time)
 */
public record ProbeStatus(String role, String check, boolean passing, String lastResult, long lastLatencyMillis,
                          int consecutiveFailures, int consecutiveSuccesses, long checks, long lastCheckNanos,
                          long lastCheckAgeMillis) {

    /** Never read against a clock (tests of the layout): no age. */
    public ProbeStatus(String role, String check, boolean passing, String lastResult, long lastLatencyMillis,
                       int consecutiveFailures, int consecutiveSuccesses, long checks) {
        this(role, check, passing, lastResult, lastLatencyMillis, consecutiveFailures, consecutiveSuccesses, checks,
                0, -1);
    }

    /** The same status with its age as of {@code nowNanos} on the clock that stamped {@code lastCheckNanos}. */
    public ProbeStatus at(long nowNanos) {
        long age = checks == 0 ? -1 : Math.max(0, (nowNanos - lastCheckNanos) / 1_000_000);
        return new ProbeStatus(role, check, passing, lastResult, lastLatencyMillis, consecutiveFailures,
                consecutiveSuccesses, checks, lastCheckNanos, age);
    }

    /** Wall-clock time of the last check in epoch milliseconds given the wall clock now, or -1 before the first. */
    public long lastCheckEpochMillis(long nowEpochMillis) {
        return lastCheckAgeMillis < 0 ? -1 : nowEpochMillis - lastCheckAgeMillis;
    }
}
