package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;

import java.util.Map;

/** A request refused by the API layer itself, possibly with extra response headers (Allow, WWW-Authenticate). */
public class ApiException extends ControlException {
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(code, message);
        this.headers = Map.copyOf(headers);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
