package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ProbeSpec;
import io.jsuper.jsuperd.config.Probes;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeResult;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health checks of one process slot while it has a child. Owned by the slot: every timer it arms is
 * cancelled by {@link #childGone()}, and a result that arrives for an older child (an older epoch) is
 * dropped. Checks run off the loop through the {@link io.jsuper.jsuperd.health.ProbeRunner}; their results
 * come back as tasks on the loop. One check of each role is in flight at a time, so a slow target cannot
 * pile up work.
 */
final class SlotHealth {
    /** The verdicts the slot acts on. */
    interface Verdicts {
        void fire(ProcessEvent event, String reason);

        ProcessState state();

        /** A check started or stopped passing, or gave its first result. */
        void probeChanged(ProbeStatus status);
    }

    private final ProcessContext ctx;
    private final Verdicts slot;
    private final List<Check> checks = new ArrayList<>(3);
    private Scheduler.Timer deadlineTimer = Scheduler.NONE;
    private long epoch;
    private Check startup;
    private Check readiness;
    private Check liveness;
    private boolean readyFired;

    SlotHealth(ProcessContext ctx, Verdicts slot) {
        this.ctx = ctx;
        this.slot = slot;
    }

    /** A child was spawned: arm the checks (liveness waits for the startup check, if there is one). */
    void childStarted(Probes probes) {
        childGone();
        checks.clear(); // the last child's checks: a check it never passed must not gate this one
        epoch++;
        readyFired = false;
        startup = probes.startup().map(s -> new Check("startup", s)).orElse(null);
        readiness = probes.readiness().map(s -> new Check("readiness", s)).orElse(null);
        liveness = probes.liveness().map(s -> new Check("liveness", s)).orElse(null);
        for (Check c : new Check[] {startup, readiness, liveness}) {
            if (c != null) {
                checks.add(c);
            }
        }
        if (probes.gatesRunning()) {
            deadlineTimer = ctx.scheduler().schedule(probes.readyDeadline(), () -> slot.fire(
                    ProcessEvent.READY_DEADLINE, "not ready within ready_deadline ("
                            + probes.readyDeadline().toMillis() + " ms): " + gateFailure()));
        }
        arm(startup, true);
        arm(readiness, true);
        if (startup == null) {
            arm(liveness, true);
        }
    }

    /** The child is gone or being stopped: cancel every timer; late results are dropped by epoch. */
    void childGone() {
        epoch++;
        deadlineTimer.cancel();
        deadlineTimer = Scheduler.NONE;
        checks.forEach(c -> c.timer.cancel());
    }

    /** The checks of the current (or last) child, for status. */
    List<ProbeStatus> status() {
        List<ProbeStatus> out = new ArrayList<>(checks.size());
        for (Check c : checks) {
            out.add(c.status());
        }
        return out;
    }

    Optional<Boolean> ready() {
        return readiness == null ? Optional.empty() : Optional.of(readiness.passing);
    }

    private void arm(Check c, boolean first) {
        if (c == null) {
            return;
        }
        long armedFor = epoch;
        c.timer = ctx.scheduler().schedule(first ? c.spec.initialDelay() : c.spec.interval(), () -> {
            if (armedFor == epoch) {
                runNow(c);
            }
        });
    }

    private void runNow(Check c) {
        long runFor = epoch;
        ctx.probes().run(c.spec).whenComplete((result, error) -> ctx.scheduler().execute(() -> {
            if (runFor == epoch) {
                judge(c, error == null ? result : ProbeResult.failed(String.valueOf(error), 0));
            }
        }));
    }

    private void judge(Check c, ProbeResult result) {
        boolean wasPassing = c.passing;
        c.record(result);
        if (c.count == 1 || wasPassing != c.passing) {
            slot.probeChanged(c.status());
        }
        if (c == startup && c.passing) {
            startup = null; // like Kubernetes: a startup check stops once it passed, liveness takes over
            arm(liveness, true);
        } else {
            arm(c, false);
        }
        if (c == liveness && c.failures >= c.spec.failureThreshold()) {
            slot.fire(ProcessEvent.LIVENESS_FAILED, "liveness: " + c.spec.describe() + ": " + result.detail()
                    + " (" + c.failures + " in a row)");
            return;
        }
        if (!readyFired && slot.state() == ProcessState.STARTING && gatePassed()) {
            readyFired = true;
            deadlineTimer.cancel();
            slot.fire(ProcessEvent.PROBE_READY, null);
        }
    }

    private boolean gatePassed() {
        for (Check c : checks) {
            if (!c.role.equals("liveness") && !c.passedOnce) {
                return false;
            }
        }
        return true;
    }

    private String gateFailure() {
        for (Check c : checks) {
            if (!c.role.equals("liveness") && !c.passedOnce) {
                return c.role + ": " + c.spec.describe() + ": " + (c.last == null ? "never checked" : c.last.detail());
            }
        }
        return "checks passed too late";
    }

    /** One configured check and its counters for the current child. */
    private static final class Check {
        final String role;
        final ProbeSpec spec;
        Scheduler.Timer timer = Scheduler.NONE;
        ProbeResult last;
        boolean passing;
        boolean passedOnce;
        int failures;
        int successes;
        long count;

        Check(String role, ProbeSpec spec) {
            this.role = role;
            this.spec = spec;
        }

        ProbeStatus status() {
            return new ProbeStatus(role, spec.describe(), passing, last == null ? null : last.detail(),
                    last == null ? 0 : last.latencyMillis(), failures, successes, count);
        }

        void record(ProbeResult result) {
            last = result;
            count++;
            if (result.ok()) {
                failures = 0;
                successes = Math.min(successes + 1, 1_000_000);
                if (successes >= spec.successThreshold()) {
                    passing = true;
                    passedOnce = true;
                }
            } else {
                successes = 0;
                failures = Math.min(failures + 1, 1_000_000);
                if (failures >= spec.failureThreshold()) {
                    passing = false;
                }
            }
        }
    }
}
