package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsuper.jsuperd.core.ErrorCode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a command sees of an HTTP request: path parameters, query parameters and the parsed JSON body.
 *
 * @param body   the parsed JSON body, or null when the request had none
 * @param accept the request's Accept header, "" without one (content negotiation: /metrics)
 */
public record ApiRequest(Map<String, String> params, Map<String, List<String>> query, JsonNode body, String accept) {

    /** Without an Accept header. */
    public ApiRequest(Map<String, String> params, Map<String, List<String>> query, JsonNode body) {
        this(params, query, body, "");
    }

    /** Upper bound for {@code ?timeout=}, so a typo cannot pin a connection for days. */
    public static final long MAX_TIMEOUT_SECONDS = 3600;
    public static final long DEFAULT_TIMEOUT_SECONDS = 30;

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** {@code true|false|1|0|yes|no}; anything else is a 400. */
    public boolean flag(String name, boolean dflt) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return dflt;
        }
        switch (v.get().toLowerCase(Locale.ROOT)) {
            case "": case "true": case "1": case "yes":
                return true;
            case "false": case "0": case "no":
                return false;
            default:
                throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be true or false, got: " + v.get());
        }
    }

    /** {@code ?timeout=SECONDS}, default 30, 1..3600. */
    public Duration timeout() {
        Optional<String> v = query("timeout");
        if (v.isEmpty()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        try {
            long s = Long.parseLong(v.get().trim());
            if (s >= 1 && s <= MAX_TIMEOUT_SECONDS) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ApiException(ErrorCode.BAD_REQUEST,
                "timeout must be whole seconds between 1 and " + MAX_TIMEOUT_SECONDS + ", got: " + v.get());
    }

    /** A string field of the JSON body object, if there is a body and the field is a string. */
    public Optional<String> bodyField(String name) {
        if (body == null) {
            return Optional.empty();
        }
        if (!body.isObject()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "request body must be a JSON object");
        }
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() && !v.isInt()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "field " + name + " must be a string");
        }
        return Optional.of(v.asText());
    }
}
