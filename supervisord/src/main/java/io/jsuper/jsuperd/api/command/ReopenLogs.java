package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /reopen-logs}: every child's output files are closed and reopened (after an external
 * logrotate with {@code create}), as SIGUSR2 does for them.
 */
public final class ReopenLogs implements ApiCommand {

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        control.reopenLogs();
        return CompletableFuture.completedFuture(ApiReply.ok(Map.of("reopened", true)));
    }
}
