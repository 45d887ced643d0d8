package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.core.Goal;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/stop}. */
public final class StopService extends LifecycleCommand {
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait) {
        return control.stop(name, wait);
    }

    @Override
    Goal goal() {
        return Goal.DOWN;
    }
}
