package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/restart}. */
public final class RestartService extends LifecycleCommand {
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait) {
        return control.restart(name, wait);
    }

    /** {@code ?mode=all-at-once|sequential} (default: rolling where it applies, docs/zero-downtime.md). */
    @Override
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, io.jsuper.jsuperd.api.ApiRequest request,
                                               String name, boolean wait) {
        return control.restart(name, wait, RestartModeParam.of(request));
    }
}
