package io.jsuper.jsuperd.health;

/**
 * The outcome of one health check.
 *
 * @param ok            passed
 * @param detail        why it failed ("connection refused", "status 503", "timed out after 1000 ms"), or "ok"
 * @param latencyMillis how long the check took
 */
public record ProbeResult(boolean ok, String detail, long latencyMillis) {

    public static ProbeResult passed(long latencyMillis) {
        return new ProbeResult(true, "ok", latencyMillis);
    }

    /** The same result with another detail (a passing notify check shows the process's STATUS=). */
    public ProbeResult withDetail(String text) {
        return new ProbeResult(ok, text, latencyMillis);
    }

    public static ProbeResult failed(String detail, long latencyMillis) {
        return new ProbeResult(false, detail, latencyMillis);
    }
}
