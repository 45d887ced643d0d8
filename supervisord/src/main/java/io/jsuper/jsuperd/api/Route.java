package io.jsuper.jsuperd.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the route table: a command name, an HTTP method, a path pattern whose {@code {param}}
 * segments capture one decoded path segment each, and who may call it over TCP.
 */
public record Route(String name, HttpMethod method, String pattern, ApiCommand command, Access access) {

    /** Who may call a route over TCP (the unix socket is guarded by its file mode instead). */
    public enum Access {
        /** Reads state only: served over TCP even without {@code http_token}. */
        READ,
        /** Changes something or costs real work (a config preview re-reads every file): needs the token on TCP. */
        OPERATOR
    }

    /** GET routes read, every other method is an operator action. */
    public Route(String name, HttpMethod method, String pattern, ApiCommand command) {
        this(name, method, pattern, command, HttpMethod.GET.equals(method) ? Access.READ : Access.OPERATOR);
    }

    /** The captured parameters when {@code segments} match this pattern, regardless of method. */
    public Optional<Map<String, String>> match(List<String> segments) {
        return Optional.ofNullable(match(Router.split(pattern), segments));
    }

    /**
     * The captured parameters when {@code segments} match the pattern split into {@code parts}, else null;
     * an empty immutable map for a pattern without parameters.
     */
    static Map<String, String> match(List<String> parts, List<String> segments) {
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            String seg = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (seg.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(2);
                }
                params.put(part.substring(1, part.length() - 1), seg);
            } else if (!part.equals(seg)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
