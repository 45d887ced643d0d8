package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/start}. */
public final class StartService extends LifecycleCommand {
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait) {
        return control.start(name, wait);
    }
}
