package io.jsuper.jsuperd.containment;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnRequest;

/**
 * Keeps everything a watcher's processes start inside reach, so that a stop or a crash leaves nothing
 * behind (see docs/containment.md). The core calls it at its one spawn point and its one exit point;
 * every method but {@link #usage} runs on the supervisor loop.
 */
public interface Containment {

    /** The request as it must be spawned (e.g. joining the slot's cgroup); throws {@link ContainmentException}. */
    SpawnRequest place(WatcherConfig watcher, int wid, SpawnRequest request);

    /** The slot's main process was spawned with {@code pid}. */
    void spawned(WatcherConfig watcher, int wid, int pid);

    /**
     * The slot's main process exited (still a zombie, so its pid and group cannot be reused yet).
     * {@code stopping}: it was being stopped, so whatever it left is killed; after a crash that
     * depends on the watcher's {@code kill_mode}.
     */
    void mainExited(WatcherConfig watcher, int wid, int pid, boolean stopping);

    /** A watcher left the config and all its processes are gone: drop what was kept for it. */
    void watcherRemoved(String watcher);

    /** CPU and memory of one slot and everything it started; any thread. */
    ResourceUsage usage(String watcher, int wid);

    /**
     * What jsuper did before containment existed, for unit tests of the core: a stopped process's
     * group is SIGKILLed after the main process exits, nothing else.
     */
    static Containment groupKillOnStop(Posix posix) {
        return new Containment() {
            @Override
            public SpawnRequest place(WatcherConfig watcher, int wid, SpawnRequest request) {
                return request;
            }

            @Override
            public void spawned(WatcherConfig watcher, int wid, int pid) {
            }

            @Override
            public void mainExited(WatcherConfig watcher, int wid, int pid, boolean stopping) {
                if (stopping) {
                    posix.killGroup(pid, Signal.KILL);
                }
            }

            @Override
            public void watcherRemoved(String watcher) {
            }

            @Override
            public ResourceUsage usage(String watcher, int wid) {
                return ResourceUsage.UNKNOWN;
            }
        };
    }
}
