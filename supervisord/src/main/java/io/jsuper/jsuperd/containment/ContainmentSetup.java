package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.ContainmentMode;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.jna.JnaPosix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Chooses and starts the daemon's containment (cgroup v2 or process groups), recovers from a
 * previous daemon's crash before anything is spawned, and at shutdown stops stray children and
 * removes the cgroups and the ledger. Used by {@code Daemon}; see docs/containment.md.
 */
public final class ContainmentSetup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainmentSetup.class);
    static final Duration LEDGER_BATCH = Duration.ofMillis(100);
    static final Duration STRAY_GRACE = Duration.ofSeconds(5);

    private final Containment containment;
    private final Optional<CgroupTree> tree;
    private final Ledger ledger;
    private final ProcTable proc;
    private final JnaPosix posix;
    private final int self;

    private ContainmentSetup(Containment containment, Optional<CgroupTree> tree, Ledger ledger, ProcTable proc,
                             JnaPosix posix, int self) {
        this.containment = containment;
        this.tree = tree;
        this.ledger = ledger;
        this.proc = proc;
        this.posix = posix;
        this.self = self;
    }

    /** Thrown when {@code containment = cgroup} cannot be honoured. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    /** The ledger of the daemon whose control socket is {@code socket}. */
    public static Path ledgerFor(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".procs");
    }

    public static ContainmentSetup start(ContainmentMode mode, CgroupProbe probe, Path socket, JnaPosix posix,
                                         Executor loop) throws UnavailableException {
        int self = (int) ProcessHandle.current().pid();
        if (!posix.becomeChildSubreaper()) {
            log.warn("cannot become a child subreaper: orphans of children go to init and are not tracked");
        }
        ProcTable proc = ProcTable.system();
        Ledger ledger = new Ledger(ledgerFor(socket), proc, self, LEDGER_BATCH);
        Optional<CgroupTree> tree = mode == ContainmentMode.PROCESS_GROUP ? Optional.empty() : cgroups(mode, probe, posix);
        if (tree.isPresent()) {
            log.info("containment: cgroup v2, one cgroup per process under {} (controllers: {})",
                    tree.get().base(), tree.get().controllers());
            return new ContainmentSetup(new CgroupContainment(tree.get(), ledger), tree, ledger, proc, posix, self);
        }
        log.info("containment: process groups and child subreaper{}", mode == ContainmentMode.AUTO
                ? " (no cgroup v2 for jsuperd: " + probe.whyNot() + ")" : "");
        return new ContainmentSetup(new ProcessGroupContainment(posix, ledger, proc, self, loop), tree, ledger, proc,
                posix, self);
    }

    private static Optional<CgroupTree> cgroups(ContainmentMode mode, CgroupProbe probe, JnaPosix posix)
            throws UnavailableException {
        String why = probe.whyNot();
        if (probe.available()) {
            CgroupTree tree = new CgroupTree(probe.layout().get(), posix::kill);
            try {
                tree.prepare(ProcessHandle.current().pid());
                return Optional.of(tree);
            } catch (IOException e) {
                why = "cannot set up " + tree.base() + ": " + e.getMessage();
            }
        }
        if (mode == ContainmentMode.CGROUP) {
            throw new UnavailableException("containment = cgroup, but " + why);
        }
        return Optional.empty();
    }

    public Containment containment() {
        return containment;
    }

    /**
     * Stops what a crashed previous daemon left. Call before the control socket is bound (so no client
     * sees a daemon that has not booted yet) and before the first spawn. Does nothing while another
     * daemon listens on {@code socket}: its processes are not leftovers (this daemon will then fail to bind).
     */
    public void recover(JsuperConfig config, Path socket) {
        if (LiveSocket.isListening(socket)) {
            log.info("another jsuperd listens on {}: no crash recovery", socket);
            return;
        }
        new CrashRecovery(proc, posix::kill, self).recover(ledger.file(), tree, config.watchers()::get,
                () -> LiveSocket.isListening(socket));
    }

    /**
     * After every watcher has stopped: stops any child of the daemon that no watcher owns (orphans
     * re-parented to it), empties and removes the cgroups, deletes the ledger. The loop and the
     * reaper must still run (they reap what is stopped here).
     */
    @Override
    public void close() {
        tree.ifPresent(t -> t.watcherDirs().values().forEach(t::killCgroup));
        Map<ProcStat, Signal> strays = new LinkedHashMap<>();
        for (ProcStat p : proc.all()) {
            if (p.ppid() == self && !p.isZombie()) {
                strays.put(p, Signal.TERM);
            }
        }
        if (!strays.isEmpty()) {
            log.info("stopping {} children of jsuperd that no watcher owns: {}", strays.size(),
                    strays.keySet().stream().map(ProcStat::pid).toList());
            new LeftoverKiller(proc, posix::kill, System::nanoTime).stop(strays, STRAY_GRACE);
        }
        if (containment instanceof ProcessGroupContainment pg) {
            pg.close();
        }
        tree.ifPresent(t -> awaitEmptyThenRemove(t));
        ledger.close();
    }

    /**
     * The daemon failed to start after {@link #start} (e.g. the socket is taken): removes its cgroup base
     * if it is still empty (rmdir refuses a base that has watcher cgroups, such as a live daemon's).
     */
    public void abandon() {
        tree.ifPresent(CgroupTree::removeBaseIfEmpty);
    }

    private static void awaitEmptyThenRemove(CgroupTree t) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!CgroupTree.pids(t.base()).stream().allMatch(pid -> pid == ProcessHandle.current().pid())
                && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        t.removeAll();
    }
}
