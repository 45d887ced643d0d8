package io.jsuper.jsuperd.api;

/**
 * A reply that is not one answer but a server-sent event stream ({@code GET /events}).
 *
 * @param afterId resume after this event id ({@code ?after=}); -1 to use {@code Last-Event-ID}, or none
 */
public record EventStreamBody(long afterId) {
}
