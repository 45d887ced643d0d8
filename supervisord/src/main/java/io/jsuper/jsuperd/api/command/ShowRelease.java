package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code GET /services/{name}/release}: the release link, its target and each process's release. */
public final class ShowRelease implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.release(request.param("name")).thenApply(r -> ApiReply.ok(DeployJson.of(r)));
    }
}
