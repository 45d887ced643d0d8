package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code GET /reload?dry_run=true}: what a reload would change. GET never mutates, so dry_run is mandatory. */
public final class PreviewReload implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        if (!request.flag("dry_run", false)) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    "GET /reload only previews: add ?dry_run=true, or use POST /reload to apply", Map.of("Allow", "POST"));
        }
        return control.reloadConfig(true).thenApply(plan -> ApiReply.ok(JsonBodies.reloadPlan(plan, true)));
    }
}
