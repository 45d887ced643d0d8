package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.logs.LogQuery;
import io.jsuper.jsuperd.api.logs.LogReaders;
import io.jsuper.jsuperd.api.logs.LogReads;
import io.jsuper.jsuperd.api.logs.LogTargets;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** {@code GET /services/{name}/log}: last lines, follow, or grep of a watcher's or one process's output. */
public final class ReadServiceLog implements ApiCommand {
    private final LogReads reads = new LogReads(LogReaders.SHARED);

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        String name = request.param("name");
        LogQuery query = LogQuery.of(request, Instant.now());
        return reads.answer(name, LogTargets.of(control.config(), name, query.stream()), query);
    }
}
