package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/reload}. */
public final class ReloadService extends LifecycleCommand {
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait) {
        return control.reload(name, wait);
    }

    /** {@code ?mode=all-at-once|sequential} (default: rolling where it applies, docs/zero-downtime.md). */
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, io.jsuper.jsuperd.api.ApiRequest request,
                                               String name, boolean wait) {
        return control.reload(name, wait, RestartModeParam.of(request));
    }
}
