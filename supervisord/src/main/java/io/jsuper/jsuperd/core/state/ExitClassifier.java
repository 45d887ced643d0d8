package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.ExitStatus;

/**
 * Judges how a process ended, from facts only (no state of its own): a failed start, a crash to restart,
 * or an end to leave alone. The slot then asks its {@link RestartBudget} how long to wait, or whether to give up.
 */
public final class ExitClassifier {

    /** What an ending means. */
    public enum Verdict {
        /** Could not start: spawn error, exec error, or an exit before startsecs that nobody expected. */
        FAILED_START,
        /** Ended after RUNNING and autorestart wants it back. */
        CRASHED,
        /** autorestart wants it left alone: EXITED (a one-shot program that did its job, at any age). */
        STAY_DOWN
    }

    private ExitClassifier() {
    }

    /**
     * @param status     how the child ended; null when no child came to be (spawn or exec failure)
     * @param wasRunning true when the child had passed startsecs (RUNNING), false while STARTING
     */
    public static Verdict classify(WatcherConfig config, ExitStatus status, boolean wasRunning) {
        if (status == null) {
            return Verdict.FAILED_START;
        }
        boolean expected = isExpected(config, status);
        boolean restartWanted = config.autorestart() == AutoRestart.TRUE
                || (config.autorestart() == AutoRestart.UNEXPECTED && !expected);
        if (expected && !restartWanted) {
            return Verdict.STAY_DOWN;
        }
        if (!wasRunning) {
            return Verdict.FAILED_START;
        }
        return restartWanted ? Verdict.CRASHED : Verdict.STAY_DOWN;
    }

    /** An exit (not a signal) with a code listed in {@code exitcodes}. */
    public static boolean isExpected(WatcherConfig config, ExitStatus status) {
        return !status.signaled() && config.exitcodes().contains(status.value());
    }
}
