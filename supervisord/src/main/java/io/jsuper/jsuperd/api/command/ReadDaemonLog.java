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

/** {@code GET /log}: the same reads as a service's log, on jsuperd's own log file ({@code logfile}). */
public final class ReadDaemonLog implements ApiCommand {
    private final LogReads reads = new LogReads(LogReaders.SHARED);

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        LogQuery query = LogQuery.of(request, Instant.now());
        return reads.answer("jsuperd", LogTargets.daemon(control.config(), query.stream()), query);
    }
}
