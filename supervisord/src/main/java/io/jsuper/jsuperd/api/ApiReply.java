package io.jsuper.jsuperd.api;

/**
 * A successful answer: HTTP status and a body that the shared ObjectMapper serializes.
 *
 * @param body Maps, Lists, Strings, numbers, booleans (kept to plain types so serialization stays cheap)
 */
public record ApiReply(int status, Object body) {
    public static ApiReply ok(Object body) {
        return new ApiReply(200, body);
    }
}
