package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Before the first spawn: finds the processes a previous daemon on the same config left when it died
 * (kill -9, OOM) and stops them, so there is never a second set. Two sources: the ledger (main pids
 * with their start times, plus the members of their sessions and groups) and, in cgroup mode, every
 * pid still in jsuperd's cgroups. Each is sent its watcher's stop signal (TERM for watchers no longer
 * configured), and whatever has not exited after the grace time is SIGKILLed.
 */
public final class CrashRecovery {
    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);
    /** Bounds the start-up delay, whatever graceful_timeout says. */
    static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private final ProcTable proc;
    private final LeftoverKiller killer;
    private final int self;

    public CrashRecovery(ProcTable proc, CgroupTree.PidSignaller signaller, int self) {
        this.proc = proc;
        this.killer = new LeftoverKiller(proc, signaller, System::nanoTime);
        this.self = self;
    }

    /**
     * Stops what the dead daemon left. {@code tree} is the cgroup tree in cgroup mode; {@code watchers}
     * gives the current config of a watcher by name (null when gone). Returns how many processes were found.
     */
    public int recover(Path ledgerFile, Optional<CgroupTree> tree, Function<String, WatcherConfig> watchers) {
        return recover(ledgerFile, tree, watchers, () -> false);
    }

    /**
     * As above; {@code otherDaemonRuns} is asked again right before anything is signalled, so that a
     * daemon that took the control socket meanwhile keeps its processes.
     */
    public int recover(Path ledgerFile, Optional<CgroupTree> tree, Function<String, WatcherConfig> watchers,
                       BooleanSupplier otherDaemonRuns) {
        Optional<Ledger.Contents> ledger = Ledger.read(ledgerFile);
        if (ledger.isPresent() && previousDaemonAlive(ledger.get())) {
            log.warn("the process ledger {} belongs to jsuperd pid {}, which is still running: not touching its processes",
                    ledgerFile, ledger.get().daemonPid());
            return 0;
        }
        Map<ProcStat, Signal> targets = new LinkedHashMap<>();
        Map<ProcStat, String> owners = new LinkedHashMap<>();
        List<ProcStat> all = proc.all();
        ledger.ifPresent(l -> fromLedger(l, all, watchers, targets, owners));
        tree.ifPresent(t -> fromCgroups(t, watchers, targets, owners));
        if (!targets.isEmpty() && otherDaemonRuns.getAsBoolean()) {
            log.warn("another jsuperd started on this config meanwhile: leaving its processes alone");
            return 0;
        }
        if (!targets.isEmpty()) {
            Duration grace = targets.keySet().stream().map(owners::get).map(watchers)
                    .filter(w -> w != null).map(WatcherConfig::gracefulTimeout)
                    .max(Duration::compareTo).orElse(Duration.ofSeconds(10));
            grace = grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace;
            log.warn("found {} processes left by a jsuperd that died{}: {}; stopping them before starting anything",
                    targets.size(), ledger.map(l -> " (pid " + l.daemonPid() + ")").orElse(""), describe(owners));
            int killed = killer.stop(targets, grace);
            log.warn("stopped the {} left-over processes ({} were still running {} s after the stop signal"
                    + " and got SIGKILL)", targets.size(), killed, grace.toSeconds());
        }
        try {
            Files.deleteIfExists(ledgerFile);
        } catch (java.io.IOException e) {
            log.warn("cannot remove the old process ledger {}: {}", ledgerFile, e.getMessage());
        }
        return targets.size();
    }

    private boolean previousDaemonAlive(Ledger.Contents l) {
        if (l.daemonPid() == self) {
            return false;
        }
        return proc.stat((int) l.daemonPid()).filter(p -> p.startTime() == l.daemonStartTime() && !p.isZombie())
                .isPresent();
    }

    private void fromLedger(Ledger.Contents l, List<ProcStat> all, Function<String, WatcherConfig> watchers,
                            Map<ProcStat, Signal> targets, Map<ProcStat, String> owners) {
        for (Ledger.Entry e : l.entries()) {
            Optional<ProcStat> main = proc.stat(e.pid()).filter(p -> p.startTime() == e.startTime() && !p.isZombie());
            if (main.isEmpty()) {
                continue; // gone, or the pid now belongs to someone else
            }
            Signal sig = stopSignal(watchers.apply(e.watcher()));
            for (ProcStat p : all) {
                boolean member = p.pid() == e.pid() || p.session() == e.pid() || p.pgrp() == e.pid();
                if (member && p.pid() != self && !p.isZombie() && p.startTime() >= e.startTime()) {
                    targets.putIfAbsent(p, sig);
                    owners.putIfAbsent(p, e.watcher());
                }
            }
        }
    }

    private void fromCgroups(CgroupTree tree, Function<String, WatcherConfig> watchers,
                             Map<ProcStat, Signal> targets, Map<ProcStat, String> owners) {
        tree.watcherDirs().forEach((name, dir) -> {
            Signal sig = stopSignal(watchers.apply(name));
            for (int pid : CgroupTree.pids(dir)) {
                if (pid == self) {
                    continue;
                }
                proc.stat(pid).filter(p -> !p.isZombie()).ifPresent(p -> {
                    if (targets.keySet().stream().noneMatch(t -> t.sameProcess(p))) {
                        targets.put(p, sig);
                        owners.put(p, name);
                    }
                });
            }
        });
    }

    private static Signal stopSignal(WatcherConfig w) {
        return w == null ? Signal.TERM : w.stopSignal();
    }

    private static String describe(Map<ProcStat, String> owners) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        owners.values().forEach(w -> counts.merge(w, 1, Integer::sum));
        return counts.toString();
    }
}
