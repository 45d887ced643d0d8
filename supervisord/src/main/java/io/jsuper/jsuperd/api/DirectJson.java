package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An answer body that writes its JSON straight into a {@link JsonWriter}, without building maps first (the
 * status list is the most frequent answer by far); {@link #plain()} is the same value as maps and lists, for
 * Jackson (which {@code @JsonValue} points to) and for tests that compare the two.
 */
interface DirectJson {
    void writeTo(JsonWriter w) throws JsonWriter.Unsupported;

    @JsonValue
    Object plain();
}
