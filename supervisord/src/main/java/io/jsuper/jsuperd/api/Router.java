package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the route for a method and path: unknown path is 404 NOT_FOUND, wrong method 405 with Allow. */
public final class Router {
    private final List<Route> routes;
    /** Each route's pattern split once, in the order of {@link #routes} (not per route per request). */
    private final List<List<String>> patterns;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.patterns = this.routes.stream().map(r -> List.copyOf(split(r.pattern()))).toList();
    }

    public List<Route> routes() {
        return routes;
    }

    /** A route with its captured path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    /** @throws ApiException NOT_FOUND or METHOD_NOT_ALLOWED */
    public Match resolve(HttpMethod method, String rawPath) {
        List<String> segments = decodeSegments(rawPath);
        Set<String> allowed = null;
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            Map<String, String> params = Route.match(patterns.get(i), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, params);
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(route.method().name());
        }
        if (allowed == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such endpoint: " + rawPath);
        }
        String allow = String.join(", ", allowed);
        throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                method.name() + " not allowed on " + rawPath + " (allowed: " + allow + ")", Map.of("Allow", allow));
    }

    /**
     * Splits on '/' before percent-decoding, so an encoded slash stays inside its segment.
     *
     * @throws ApiException BAD_REQUEST for a malformed escape ({@code %zz}, a lone {@code %})
     */
    static List<String> decodeSegments(String rawPath) {
        List<String> segments = split(rawPath);
        List<String> decoded = new ArrayList<>(segments.size());
        for (String s : segments) {
            try {
                decoded.add(QueryStringDecoder.decodeComponent(s));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "malformed percent-escape in path segment '"
                        + ClientErrorLog.sanitize(s) + "': use %XX with two hex digits");
            }
        }
        return decoded;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>(4);
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > 1 ? path.length() - 1 : path.length();
        if (start >= end) {
            return out;
        }
        int i = start;
        while (i <= end) {
            int slash = path.indexOf('/', i);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            out.add(path.substring(i, slash));
            i = slash + 1;
        }
        return out;
    }
}
