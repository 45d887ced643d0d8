package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.Version;
import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code GET /version}: {@link Version#current()} and the daemon's pid (what {@code jsuperctl pid} prints). */
public final class ShowVersion implements ApiCommand {
    private static final ApiReply REPLY = ApiReply.ok(Map.of("version", Version.current(),
            "pid", ProcessHandle.current().pid()));

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return CompletableFuture.completedFuture(REPLY);
    }
}
