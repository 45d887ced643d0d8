package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code reload} of a {@code send_hup} watcher with a readiness check: after the SIGHUP, waits until the
 * process has passed its readiness check again ({@code success_threshold} times in a row, every one of them a
 * check made after the HUP) without exiting, within {@code ready_deadline}. Fails with the reason when the
 * process exits (or is replaced) or stays unready. Looks every {@link #POLL}, on the loop; its one timer is
 * cancelled when the wait ends, however it ends (the API's timeout cancels the future).
 */
final class ReadyAfterHangUp {
    static final Duration POLL = Duration.ofMillis(50);

    private final Scheduler scheduler;
    private final Clock clock;
    private final ProcessSlot slot;
    private final int pid;
    private final long checksAtHangUp;
    private final int successThreshold;
    private final long deadlineNanos;
    private final CompletableFuture<ProcessInfo> future = new CompletableFuture<>();
    private Scheduler.Timer timer = Scheduler.NONE;

    private ReadyAfterHangUp(ProcessContext ctx, ProcessSlot slot, Duration deadline, int successThreshold) {
        this.scheduler = ctx.scheduler();
        this.clock = ctx.clock();
        this.slot = slot;
        this.pid = slot.pid();
        this.checksAtHangUp = readiness(slot) == null ? 0 : readiness(slot).checks();
        this.successThreshold = successThreshold;
        this.deadlineNanos = clock.nanoTime() + deadline.toNanos();
    }

    /** Call right after the HUP was sent to {@code slot}; completes with its status once it is ready again. */
    static CompletableFuture<ProcessInfo> await(ProcessContext ctx, ProcessSlot slot, Duration deadline,
                                                int successThreshold) {
        ReadyAfterHangUp wait = new ReadyAfterHangUp(ctx, slot, deadline, successThreshold);
        wait.future.whenComplete((ok, error) -> wait.scheduler.execute(wait.timer::cancel));
        wait.arm();
        return wait.future;
    }

    private void arm() {
        timer = scheduler.schedule(POLL, this::look);
    }

    private void look() {
        if (future.isDone()) {
            return;
        }
        ProbeStatus ready = readiness(slot);
        if (slot.pid() != pid || slot.state() != ProcessState.RUNNING) {
            String how = slot.pid() != pid ? "exited" : "is " + slot.state();
            future.completeExceptionally(new ControlException(ErrorCode.ROLLOUT_FAILED, slot.displayName() + " (pid "
                    + pid + ") " + how + " after SIGHUP" + (slot.reason() != null ? ": " + slot.reason() : "")));
        } else if (ready != null && ready.checks() - checksAtHangUp >= successThreshold
                && ready.consecutiveSuccesses() >= successThreshold) {
            future.complete(slot.info());
        } else if (clock.nanoTime() >= deadlineNanos) {
            future.completeExceptionally(new ControlException(ErrorCode.ROLLOUT_FAILED, slot.displayName()
                    + " not ready again within ready_deadline after SIGHUP: "
                    + (ready == null || ready.lastResult() == null ? "no check result" : "readiness: " + ready.check()
                    + ": " + ready.lastResult())));
        } else {
            arm();
        }
    }

    private static ProbeStatus readiness(ProcessSlot slot) {
        return slot.info().probes().stream().filter(p -> p.role().equals("readiness")).findFirst().orElse(null);
    }
}
