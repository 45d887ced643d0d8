package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code POST /reload}: re-read the config and apply it ({@code ?dry_run=true} only previews). */
public final class ReloadConfig implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        boolean dryRun = request.flag("dry_run", false);
        return control.reloadConfig(dryRun).thenApply(plan -> ApiReply.ok(JsonBodies.reloadPlan(plan, dryRun)));
    }
}
