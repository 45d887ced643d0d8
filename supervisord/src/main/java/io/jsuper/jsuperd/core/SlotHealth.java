package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.CheckTargets;
import io.jsuper.jsuperd.config.ProbeSpec;
import io.jsuper.jsuperd.config.Probes;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeResult;
import io.jsuper.jsuperd.health.ProbeStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The health checks of one process slot while it has a child. Owned by the slot: every timer it arms is
 * cancelled by {@link #childGone()}, and a result that arrives for an older child (an older epoch) is
 * dropped. Checks run off the loop through the {@link io.jsuper.jsuperd.health.ProbeRunner}; their results
 * come back as tasks on the loop. One check of each role is in flight at a time, so a slow target cannot
 * pile up work.
 */
final class SlotHealth {
    /** Why a check stopped the child, kept until its exit has been judged; a crash when liveness failed while RUNNING. */
    record HealthStop(String why, boolean crash) {
    }

    /** Check timers end on multiples of this on the monotonic clock (see {@link #onTick}). */
    static final long TICK_NANOS = 20_000_000;

    private final ProcessContext ctx;
    private final Consumer<ProcessEvent> fire;
    private final Supplier<ProcessState> state;
    /** Hears a check start or stop passing, or give its first result. */
    private final Consumer<ProbeStatus> changed;
    /** The reason of the verdict being fired, read by the slot's action for it. */
    private String verdict;
    private HealthStop pendingStop;
    private final List<Check> checks = new ArrayList<>(3);
    private Scheduler.Timer deadlineTimer = Scheduler.NONE;
    private long epoch;
    private Check startup;
    private Check readiness;
    private Check liveness;
    private boolean readyFired;
    private WatcherConfig watcher;
    private int wid;

    SlotHealth(ProcessContext ctx, Consumer<ProcessEvent> fire, Supplier<ProcessState> state,
               Consumer<ProbeStatus> changed) {
        this.ctx = ctx;
        this.fire = fire;
        this.state = state;
        this.changed = changed;
    }

    private void verdict(ProcessEvent event, String why) {
        verdict = why;
        fire.accept(event);
    }

    /** The slot stops the child for the verdict just fired: keep why until the exit is judged. */
    String holdStop(boolean crash) {
        pendingStop = new HealthStop(verdict, crash);
        return verdict;
    }

    /** The health stop under way, if any. */
    Optional<HealthStop> pendingStop() {
        return Optional.ofNullable(pendingStop);
    }

    /** The exit of a health stop is being judged, or the process is no longer wanted: a plain stop from now on. */
    void forgetStop() {
        pendingStop = null;
    }

    /** A child of process {@code wid} was spawned: arm the checks (liveness waits for the startup check, if any). */
    void childStarted(WatcherConfig config, int wid) {
        Probes probes = config.probes();
        childGone();
        checks.clear(); // the last child's checks: a check it never passed must not gate this one
        watcher = config;
        this.wid = wid;
        epoch++;
        readyFired = false;
        startup = probes.startup().map(s -> new Check("startup", forThisChild(s))).orElse(null);
        readiness = probes.readiness().map(s -> new Check("readiness", forThisChild(s))).orElse(null);
        liveness = probes.liveness().map(s -> new Check("liveness", forThisChild(s))).orElse(null);
        for (Check c : new Check[] {startup, readiness, liveness}) {
            if (c != null) {
                checks.add(c);
            }
        }
        if (probes.gatesRunning()) {
            deadlineTimer = ctx.scheduler().schedule(probes.readyDeadline(), () -> verdict(
                    ProcessEvent.READY_DEADLINE, "not ready within ready_deadline ("
                            + probes.readyDeadline().toMillis() + " ms): " + gateFailure()));
        }
        arm(startup, true);
        arm(readiness, true);
        if (startup == null) {
            arm(liveness, true);
        }
    }

    /**
     * The check with its {@code $(circus.env.X)} and {@code $(circus.sockets.X)} resolved for this process
     * (its environment, the socket's address now). One that cannot be resolved (a socket a reload removed)
     * keeps its target and fails every run with why ({@link Check#unresolved}).
     */
    private Unresolved forThisChild(ProbeSpec spec) {
        if (!spec.polled() || !CheckTargets.hasReferences(spec.target())) {
            return new Unresolved(spec, null);
        }
        StringBuilder problem = new StringBuilder();
        java.util.Optional<String> target = CheckTargets.resolve(spec.target(),
                name -> ctx.planner().envValue(watcher, wid, name), this::socketAddress, problem);
        return target.map(t -> new Unresolved(spec.withTarget(t), null))
                .orElseGet(() -> new Unresolved(spec, spec.target() + ": " + problem));
    }

    private java.util.Optional<String> socketAddress(String name) {
        return ctx.planner().sockets().describe().stream().filter(s -> s.name().equals(name))
                .map(io.jsuper.jsuperd.core.SocketInfo::address).findFirst();
    }

    /** A check as this child runs it, or why its target could not be resolved. */
    private record Unresolved(ProbeSpec spec, String problem) {
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
        if (c == null || !c.spec.polled()) {
            return; // a notify check waits for the process to speak
        }
        long armedFor = epoch;
        Duration delay = onTick(first ? c.spec.initialDelay() : c.spec.interval(), ctx.clock().nanoTime());
        c.timer = ctx.scheduler().schedule(delay, () -> {
            if (armedFor == epoch) {
                runNow(c);
            }
        });
    }

    /**
     * {@code delay} lengthened to end on the next {@link #TICK_NANOS} boundary of the monotonic clock, so that
     * the checks of many processes that come due at nearly the same time run on one wake-up of the loop and of
     * the tcp selector instead of one each (with 1000 processes checked every second, 50 wake-ups a second
     * instead of 2000). A check then starts up to one tick later than its interval says.
     */
    static Duration onTick(Duration delay, long nowNanos) {
        long due = nowNanos + delay.toNanos();
        long aligned = Math.floorDiv(due + TICK_NANOS - 1, TICK_NANOS) * TICK_NANOS;
        return Duration.ofNanos(aligned - nowNanos);
    }

    private void runNow(Check c) {
        long runFor = epoch;
        CompletableFuture<ProbeResult> pending = c.unresolved != null
                ? CompletableFuture.completedFuture(ProbeResult.failed(c.unresolved, 0))
                : c.spec.kind() == ProbeSpec.Kind.EXEC ? exec(c.spec) : ctx.probes().run(c.spec);
        pending.whenComplete((result, error) -> ctx.scheduler().execute(() -> {
            if (runFor == epoch) {
                judge(c, error == null ? result : ProbeResult.failed(String.valueOf(error), 0));
            }
        }));
    }

    /** An exec check: the command as a side command of this process, in its cgroup; completes on the loop. */
    private CompletableFuture<ProbeResult> exec(ProbeSpec spec) {
        List<String> argv;
        try {
            argv = CommandLine.split(CommandLine.expandWid(spec.target(), wid));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ProbeResult.failed(e.getMessage(), 0));
        }
        return ctx.commands().run(watcher, wid, argv, Map.of("JSUPER_CHECK", "1"), spec.timeout(), true)
                .thenApply(o -> o.ok() ? ProbeResult.passed(o.millis())
                        : ProbeResult.failed(o.describe(spec.timeout()), o.millis()));
    }

    /**
     * The process sent a notify message: {@code READY=1} passes its notify checks (with its {@code STATUS=}
     * as the result text). Anything else, and any message without a notify check, is ignored.
     */
    void notified(Map<String, String> fields) {
        for (Check c : List.copyOf(checks)) {
            if (c.spec.kind() != ProbeSpec.Kind.NOTIFY) {
                continue;
            }
            String status = fields.getOrDefault("STATUS", "");
            if ("1".equals(fields.get("READY"))) {
                judge(c, ProbeResult.passed(0).withDetail(status.isEmpty() ? "READY=1" : "READY=1: " + status));
            }
        }
    }

    private void judge(Check c, ProbeResult result) {
        boolean wasPassing = c.passing;
        c.record(result, ctx.clock().nanoTime());
        if (c.count == 1 || wasPassing != c.passing) {
            changed.accept(c.status());
        }
        if (c == startup && c.passing) {
            startup = null; // like Kubernetes: a startup check stops once it passed, liveness takes over
            arm(liveness, true);
        } else {
            arm(c, false);
        }
        if (c == liveness && c.failures >= c.spec.failureThreshold()) {
            verdict(ProcessEvent.LIVENESS_FAILED, "liveness: " + c.spec.describe() + ": " + result.detail()
                    + " (" + c.failures + " in a row)");
            return;
        }
        if (!readyFired && state.get() == ProcessState.STARTING && gatePassed()) {
            readyFired = true;
            deadlineTimer.cancel();
            verdict(ProcessEvent.PROBE_READY, null);
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
                return c.role + ": " + c.spec.describe() + ": " + (c.last != null ? c.last.detail()
                        : c.spec.polled() ? "never checked" : "the process sent no READY=1");
            }
        }
        return "checks passed too late";
    }

    /** One configured check and its counters for the current child. */
    private static final class Check {
        final String role;
        final ProbeSpec spec;
        /** Why the target's references could not be resolved for this child, or null. */
        final String unresolved;
        Scheduler.Timer timer = Scheduler.NONE;
        ProbeResult last;
        boolean passing;
        boolean passedOnce;
        int failures;
        int successes;
        long count;
        long lastAtNanos;

        Check(String role, Unresolved check) {
            this.role = role;
            this.spec = check.spec();
            this.unresolved = check.problem();
        }

        ProbeStatus status() {
            return new ProbeStatus(role, spec.describe(), passing, last == null ? null : last.detail(),
                    last == null ? 0 : last.latencyMillis(), failures, successes, count, lastAtNanos, -1);
        }

        void record(ProbeResult result, long nowNanos) {
            last = result;
            lastAtNanos = nowNanos;
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
