package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.EventStreamBody;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code GET /events}: state changes and check transitions as server-sent events (docs/health.md). */
public final class StreamEvents implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        List<String> after = request.query().getOrDefault("after", List.of());
        long afterId = -1;
        if (!after.isEmpty()) {
            try {
                afterId = Long.parseLong(after.get(0));
            } catch (NumberFormatException e) {
                afterId = -2;
            }
            if (afterId < 0) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "after must be an event id (a whole number >= 0)");
            }
        }
        return CompletableFuture.completedFuture(ApiReply.ok(new EventStreamBody(afterId)));
    }
}
