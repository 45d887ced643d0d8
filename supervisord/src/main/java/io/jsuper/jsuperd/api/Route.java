package io.jsuper.jsuperd.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the route table: a command name, an HTTP method and a path pattern whose
 * {@code {param}} segments capture one decoded path segment each.
 */
public record Route(String name, HttpMethod method, String pattern, ApiCommand command) {

    /** The captured parameters when {@code segments} match this pattern, regardless of method. */
    public Optional<Map<String, String>> match(List<String> segments) {
        List<String> parts = Router.split(pattern);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>(2);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            String seg = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (seg.isEmpty()) {
                    return Optional.empty();
                }
                params.put(part.substring(1, part.length() - 1), seg);
            } else if (!part.equals(seg)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
