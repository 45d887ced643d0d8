package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.KillMode;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.SpawnRequest;

import java.nio.file.Path;

/**
 * cgroup v2 containment: each process joins its slot's leaf cgroup before exec (the spawn helper
 * writes to {@code cgroup.procs}), so nothing it starts can leave; when the main process exits,
 * the leaf is killed ({@code cgroup.kill}).
 */
public final class CgroupContainment implements Containment {

    private final CgroupTree tree;
    private final Ledger ledger;

    public CgroupContainment(CgroupTree tree, Ledger ledger) {
        this.tree = tree;
        this.ledger = ledger;
    }

    public CgroupTree tree() {
        return tree;
    }

    @Override
    public SpawnRequest place(WatcherConfig watcher, int wid, SpawnRequest request) {
        Path procs = tree.procsFor(watcher.name(), wid, watcher.limits());
        return request.inCgroup(procs, tree.isFresh(procs.getParent()));
    }

    @Override
    public void spawned(WatcherConfig watcher, int wid, int pid) {
        ledger.add(pid, watcher.name(), wid);
    }

    @Override
    public void mainExited(WatcherConfig watcher, int wid, int pid, boolean stopping) {
        ledger.remove(pid);
        if (stopping || watcher.killMode() == KillMode.CONTROL_GROUP) {
            tree.kill(watcher.name(), wid);
        }
    }

    @Override
    public void watcherRemoved(String watcher) {
        tree.removeWatcher(watcher);
    }

    @Override
    public ResourceUsage usage(String watcher, int wid) {
        return tree.usage(watcher, wid);
    }
}
