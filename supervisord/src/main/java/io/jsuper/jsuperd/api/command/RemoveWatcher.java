package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/remove}: removes watcher {name}, stopping its processes (supervisorctl's remove); answers with the applied plan. */
public final class RemoveWatcher implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.addOrRemove(request.param("name"), false)
                .thenApply(plan -> ApiReply.ok(JsonBodies.reloadPlan(plan, false)));
    }
}
