package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/** {@code GET /services}: every process slot of every watcher. */
public final class ListServices implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.status("all").thenApply(infos -> ApiReply.ok(JsonBodies.services(infos)));
    }
}
