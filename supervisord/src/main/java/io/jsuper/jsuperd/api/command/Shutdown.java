package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /shutdown}: 202 as soon as the core accepted it; with {@code ?wait=true}, 200 once every
 * process is stopped (the daemon may close the connection first as it exits).
 */
public final class Shutdown implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        boolean wait = request.flag("wait", false);
        CompletableFuture<Void> done = control.shutdown();
        if (wait || done.isDone()) {
            // isDone: an immediate refusal (e.g. already shutting down) is reported as an error, not 202
            return done.thenApply(v -> ApiReply.ok(Map.of("shutdown", "done")));
        }
        return CompletableFuture.completedFuture(new ApiReply(202, Map.of("shutdown", "started")));
    }
}
