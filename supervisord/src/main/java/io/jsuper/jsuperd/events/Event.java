package io.jsuper.jsuperd.events;

import java.util.Map;

/**
 * One thing that happened (a state change, a check that started or stopped passing), as sent on
 * {@code GET /events}. {@code id} grows by one per event, so a client can resume with {@code Last-Event-ID}.
 */
public record Event(long id, long timeMillis, String type, Map<String, Object> data) {
    public Event {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
