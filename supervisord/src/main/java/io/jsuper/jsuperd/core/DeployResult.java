package io.jsuper.jsuperd.core;

import java.util.List;

/**
 * What {@code deploy} or {@code rollback} did: the link, the release it now points at, the one before, and
 * the processes with the release each was started with.
 */
public record DeployResult(String watcher, String link, String release, String previous, List<ProcessRelease> processes) {
    public DeployResult {
        processes = List.copyOf(processes);
    }

    /** One process and the release (the link's resolved target when it was spawned). */
    public record ProcessRelease(String name, int pid, String state, String release) {
    }
}
