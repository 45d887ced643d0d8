package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.Version;
import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /version}: {@link Version#current()}, the daemon's pid (what {@code jsuperctl pid} prints) and
 * when this daemon started ({@code started_at_ms}, epoch ms; new after a daemon restart, which keeps the pid).
 */
public final class ShowVersion implements ApiCommand {
    private static final ApiReply REPLY = ApiReply.ok(Map.of("version", Version.current(),
            "pid", ProcessHandle.current().pid(), "started_at_ms", System.currentTimeMillis()));

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return CompletableFuture.completedFuture(REPLY);
    }
}
