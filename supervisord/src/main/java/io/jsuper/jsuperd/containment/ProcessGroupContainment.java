package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.KillMode;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Containment without cgroups: the daemon is a child subreaper, so orphans of its processes become
 * its children. When a main process exits, its process group is SIGKILLed at once (the zombie pins
 * the group id), and an {@link OrphanSweeper} looks in /proc for what is left: members of its session
 * or group, and orphans re-parented to the daemon that carry the slot's JSUPER_WATCHER/JSUPER_WID.
 */
public final class ProcessGroupContainment implements Containment {
    private static final Logger log = LoggerFactory.getLogger(ProcessGroupContainment.class);

    private final Posix posix;
    private final Ledger ledger;
    private final OrphanSweeper sweeper;
    private final Set<Integer> owned = new HashSet<>(); // loop thread only

    /** @param loop runs the sweeper's kills on the supervisor loop, which owns {@link #owns} */
    public ProcessGroupContainment(Posix posix, Ledger ledger, ProcTable proc, int daemonPid, Executor loop) {
        this.posix = posix;
        this.ledger = ledger;
        this.sweeper = new OrphanSweeper(proc, posix::kill, daemonPid, loop, this::owns, BootClock.system());
    }

    /** Stops the sweeper thread. */
    public void close() {
        sweeper.close();
    }

    /** True when {@code pid} is the main process of a slot right now. Loop thread. */
    public boolean owns(int pid) {
        return owned.contains(pid);
    }

    @Override
    public SpawnRequest place(WatcherConfig watcher, int wid, SpawnRequest request) {
        return request;
    }

    @Override
    public void spawned(WatcherConfig watcher, int wid, int pid) {
        owned.add(pid);
        ledger.add(pid, watcher.name(), wid);
    }

    @Override
    public void mainExited(WatcherConfig watcher, int wid, int pid, boolean stopping) {
        owned.remove(pid);
        ledger.remove(pid);
        if (!stopping && watcher.killMode() == KillMode.PROCESS) {
            return;
        }
        try {
            posix.killGroup(pid, Signal.KILL);
        } catch (RuntimeException e) {
            log.warn("{}:{}: SIGKILL to process group {}: {}", watcher.name(), wid, pid, e.getMessage());
        }
        sweeper.request(pid, watcher.name(), wid);
    }

    @Override
    public void watcherRemoved(String watcher) {
    }

    @Override
    public ResourceUsage usage(String watcher, int wid) {
        return ResourceUsage.UNKNOWN;
    }
}
