package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.EventStreamBody;
import io.jsuper.jsuperd.api.SseStream;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.events.Event;
import io.jsuper.jsuperd.events.EventBus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /events}: state changes, check transitions, spawn errors and reloads as server-sent events
 * (docs/monitoring.md); with {@code ?follow=false}, the kept events as one JSON answer instead.
 */
public final class StreamEvents implements ApiCommand {
    private final EventBus bus;

    public StreamEvents(EventBus bus) {
        this.bus = bus;
    }

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
        if (!request.flag("follow", true)) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (Event e : bus.history()) {
                if (e.id() > afterId) {
                    events.add(SseStream.fields(e));
                }
            }
            return CompletableFuture.completedFuture(ApiReply.ok(Map.of("events", events)));
        }
        return CompletableFuture.completedFuture(ApiReply.ok(new EventStreamBody(afterId)));
    }
}
