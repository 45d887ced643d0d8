package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/rollback}: deploy the release the last deploy replaced. */
public final class RollbackService implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.rollback(request.param("name")).thenApply(r -> ApiReply.ok(DeployJson.of(r)));
    }
}
