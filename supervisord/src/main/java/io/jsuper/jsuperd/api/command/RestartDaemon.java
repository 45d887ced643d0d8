package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /daemon/restart}: stop every process, then start jsuperd afresh in the same process (same pid,
 * new JVM, the config read again): 202 once the shutdown has begun. The client sees the API go away and
 * come back with a new {@code started_at_ms} in {@code GET /version}.
 */
public final class RestartDaemon implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.restartDaemon().thenApply(v -> new ApiReply(202, Map.of("restart", "started")));
    }
}
