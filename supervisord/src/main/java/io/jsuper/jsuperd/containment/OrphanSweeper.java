package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.os.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Finds, off the loop, what an exited main process left outside its process group: processes of its
 * session or group, and orphans re-parented to the (subreaper) daemon that carry the slot's
 * JSUPER_WATCHER and JSUPER_WID. One /proc scan serves every exit queued meanwhile; the kills run
 * on the loop, which knows exactly which pids are current main processes, after re-checking that
 * each pid is still the process that was found (same start time).
 */
final class OrphanSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);
    static final int MAX_QUEUED = 100_000;
    /** Killing a process can orphan its children: look again a few times, then stop. */
    static final int ROUNDS = 4;
    static final long ROUND_GAP_NANOS = 50_000_000;

    record Request(int pid, String watcher, int wid, long ticks) {
    }

    private final ProcTable proc;
    private final CgroupTree.PidSignaller signaller;
    private final int self;
    private final Executor loop;
    private final IntPredicate owned;
    private final BootClock clock;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    OrphanSweeper(ProcTable proc, CgroupTree.PidSignaller signaller, int self, Executor loop, IntPredicate owned,
                  BootClock clock) {
        this.proc = proc;
        this.signaller = signaller;
        this.self = self;
        this.loop = loop;
        this.owned = owned;
        this.clock = clock;
        this.thread = new Thread(this::run, "jsuperd-sweeper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a sweep for the exited main process {@code pid} of (watcher, wid). Never blocks. */
    void request(int pid, String watcher, int wid) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            log.warn("orphan sweep queue full; not sweeping after pid {}", pid);
            return;
        }
        queue.add(new Request(pid, watcher, wid, clock.ticksNow()));
        LockSupport.unpark(thread);
    }

    private void run() {
        while (running) {
            List<Request> batch = new ArrayList<>();
            for (Request r; (r = queue.poll()) != null; ) {
                queued.decrementAndGet();
                batch.add(r);
            }
            if (batch.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            try {
                for (int round = 0; round < ROUNDS && running; round++) {
                    List<ProcStat> found = matches(batch, proc.all());
                    if (found.isEmpty()) {
                        break;
                    }
                    loop.execute(() -> killOnLoop(found));
                    LockSupport.parkNanos(ROUND_GAP_NANOS);
                }
            } catch (RuntimeException e) {
                log.warn("orphan sweep failed: {}", e.getMessage());
            }
        }
    }

    /** Processes left by the exits in {@code batch}: started before the exit, in its session/group or an orphan with its marker. */
    List<ProcStat> matches(List<Request> batch, List<ProcStat> all) {
        List<ProcStat> out = new ArrayList<>();
        for (ProcStat p : all) {
            if (p.pid() == self || p.isZombie()) {
                continue;
            }
            for (Request r : batch) {
                if (p.startTime() > r.ticks() + 1) {
                    continue; // started after the exit: not left by it (e.g. the pid reused by a new main)
                }
                boolean inGroup = p.session() == r.pid() || p.pgrp() == r.pid();
                boolean marked = !inGroup && p.ppid() == self
                        && proc.hasEnv(p.pid(), "JSUPER_WATCHER", r.watcher())
                        && proc.hasEnv(p.pid(), "JSUPER_WID", Integer.toString(r.wid()));
                if (inGroup || marked) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    private void killOnLoop(List<ProcStat> found) {
        for (ProcStat p : found) {
            if (owned.test(p.pid())) {
                continue;
            }
            boolean same = proc.stat(p.pid()).filter(now -> now.sameProcess(p) && !now.isZombie()).isPresent();
            if (same) {
                try {
                    log.info("killing pid {} left behind by an exited process of its session/group or watcher", p.pid());
                    signaller.signal(p.pid(), Signal.KILL);
                } catch (RuntimeException e) {
                    log.debug("SIGKILL {}: {}", p.pid(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
