package io.jsuper.jsuperd.api;

/** A reply body sent as is (not as JSON), e.g. the Prometheus text of {@code GET /metrics}. */
public record TextBody(String contentType, String text) {
}
