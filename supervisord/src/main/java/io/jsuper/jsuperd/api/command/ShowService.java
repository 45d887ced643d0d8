package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code GET /services/{name}}: the process slots of one watcher (404 BAD_NAME when unknown). */
public final class ShowService implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.status(request.param("name")).thenApply(infos -> ApiReply.ok(JsonBodies.services(infos)));
    }
}
