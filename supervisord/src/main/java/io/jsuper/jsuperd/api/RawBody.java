package io.jsuper.jsuperd.api;

/** A reply body sent as these bytes with this content type, not as JSON (XML-RPC answers). */
public record RawBody(byte[] bytes, String contentType) {
}
