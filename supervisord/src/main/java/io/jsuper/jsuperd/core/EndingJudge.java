package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ExitClassifier;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.core.state.RestartBudget;
import io.jsuper.jsuperd.os.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Decides where a process goes after its child ended while it was wanted (a crash, a failed start, a stop
 * for a failed check): EXITED, FATAL, or BACKOFF with the delay the restart budget chose, with the reason
 * status shows. Pure apart from the budget it consults and the log line it writes.
 */
final class EndingJudge {
    private static final Logger log = LoggerFactory.getLogger(EndingJudge.class);

    /** The state to move to, its reason, and for BACKOFF the delay before the restart. */
    record Outcome(ProcessState next, String reason, Duration backoff) {
    }

    private EndingJudge() {
    }

    /**
     * The child exited on its own while STARTING or RUNNING; {@code status} is null when it never got
     * to exec ({@code spawnError} says why).
     */
    static Outcome afterExit(String name, WatcherConfig config, RestartBudget budget, ExitStatus status,
                             boolean wasRunning, String spawnError, Duration ranFor, long nowNanos) {
        ExitClassifier.Verdict verdict = ExitClassifier.classify(config, status, wasRunning);
        String what = status == null ? "spawn failed: " + spawnError : status.toString();
        if (status != null) {
            log.info("exited: {} ({}; {})", name, status,
                    ExitClassifier.isExpected(config, status) ? "expected" : "not expected");
        }
        if (verdict == ExitClassifier.Verdict.STAY_DOWN) {
            return new Outcome(ProcessState.EXITED, what, Duration.ZERO);
        }
        return decide(name, verdict == ExitClassifier.Verdict.CRASHED
                ? budget.afterCrash(ranFor, nowNanos) : budget.afterFailedStart(), what);
    }

    /**
     * A check stopped the child ({@code why}); a failed liveness check of a RUNNING process is a crash
     * ({@code crash}), anything else a failed start.
     */
    static Outcome afterUnhealthyStop(String name, WatcherConfig config, RestartBudget budget, String why,
                                      boolean crash, Duration ranFor, long nowNanos) {
        if (config.autorestart() == AutoRestart.FALSE) {
            return new Outcome(ProcessState.EXITED, why, Duration.ZERO);
        }
        return decide(name, crash ? budget.afterCrash(ranFor, nowNanos) : budget.afterFailedStart(), why);
    }

    /** FATAL when the budget gives up, else BACKOFF with the delay it chose. */
    private static Outcome decide(String name, RestartBudget.Decision decision, String what) {
        if (decision.giveUp()) {
            String reason = decision.why() + "; last: " + what;
            log.warn("gave up: {} entered FATAL state: {}", name, reason);
            return new Outcome(ProcessState.FATAL, reason, Duration.ZERO);
        }
        return new Outcome(ProcessState.BACKOFF, "restarting in " + decision.delay().toMillis() + " ms after "
                + decision.why() + "; last: " + what, decision.delay());
    }
}
