package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.os.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Stops a known set of processes that no slot owns: a signal to each, a bounded wait for them to go,
 * then SIGKILL to those still there. Each pid is re-checked (same start time) right before it is
 * signalled, so a pid reused meanwhile is never hit. Runs on the calling thread (start-up, shutdown).
 */
final class LeftoverKiller {
    private static final Logger log = LoggerFactory.getLogger(LeftoverKiller.class);
    static final long POLL_NANOS = 20_000_000;

    private final ProcTable proc;
    private final CgroupTree.PidSignaller signaller;
    private final LongSupplier nanoTime;

    LeftoverKiller(ProcTable proc, CgroupTree.PidSignaller signaller, LongSupplier nanoTime) {
        this.proc = proc;
        this.signaller = signaller;
        this.nanoTime = nanoTime;
    }

    /** Sends each its signal, waits up to {@code grace} for all to exit, then KILLs the rest. Returns how many were still there for KILL. */
    int stop(Map<ProcStat, Signal> targets, Duration grace) {
        targets.forEach((p, sig) -> signalIfSame(p, sig));
        List<ProcStat> left = awaitGone(new ArrayList<>(targets.keySet()), grace);
        left.forEach(p -> signalIfSame(p, Signal.KILL));
        List<ProcStat> stubborn = awaitGone(left, Duration.ofSeconds(5));
        if (!stubborn.isEmpty()) {
            log.warn("{} processes survived SIGKILL (uninterruptible?): {}", stubborn.size(),
                    stubborn.stream().map(ProcStat::pid).toList());
        }
        return left.size();
    }

    private List<ProcStat> awaitGone(List<ProcStat> procs, Duration limit) {
        long deadline = nanoTime.getAsLong() + limit.toNanos();
        List<ProcStat> alive = alive(procs);
        while (!alive.isEmpty() && nanoTime.getAsLong() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
            alive = alive(alive);
        }
        return alive;
    }

    private List<ProcStat> alive(List<ProcStat> procs) {
        List<ProcStat> out = new ArrayList<>();
        for (ProcStat p : procs) {
            if (proc.stat(p.pid()).filter(now -> now.sameProcess(p) && !now.isZombie()).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }

    private void signalIfSame(ProcStat p, Signal signal) {
        if (proc.stat(p.pid()).filter(now -> now.sameProcess(p) && !now.isZombie()).isEmpty()) {
            return;
        }
        try {
            signaller.signal(p.pid(), signal);
        } catch (RuntimeException e) {
            log.warn("{} to pid {}: {}", signal.fullName(), p.pid(), e.getMessage());
        }
    }
}
