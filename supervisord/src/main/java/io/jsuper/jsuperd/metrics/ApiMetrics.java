package io.jsuper.jsuperd.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the daemon's own API, written by the network threads and read by {@code GET /metrics}.
 * Keys are bounded: route names come from the fixed route table (unknown paths count as "unmatched") and
 * status codes are three digits.
 */
public final class ApiMetrics {
    /** Bounds the request series even if something unexpected ends up as a key. */
    static final int MAX_REQUEST_SERIES = 2000;

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
    /** By route name: a fixed set (the route table, "unmatched", "xmlrpc"), bounded like the request series. */
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    public ApiMetrics() {
    }

    /** One answered request that took {@code nanos} from dispatch to the answer (or to the stream's start). */
    public void request(String route, int status, long nanos) {
        request(route, status);
        Histogram h = latency.get(route);
        if (h == null) {
            h = latency.size() >= MAX_REQUEST_SERIES ? null
                    : latency.computeIfAbsent(route, k -> new Histogram(Histogram.LATENCY_BOUNDS));
        }
        if (h != null) {
            h.observeNanos(nanos);
        }
    }

    /** One answered request. */
    public void request(String route, int status) {
        String key = route + " " + status;
        LongAdder a = requests.get(key);
        if (a == null) {
            if (requests.size() >= MAX_REQUEST_SERIES) {
                key = "overflow " + status;
            }
            a = requests.computeIfAbsent(key, k -> new LongAdder());
        }
        a.increment();
    }

    public void connectionOpened(String transport) {
        open.computeIfAbsent(transport, k -> new AtomicInteger()).incrementAndGet();
        accepted.computeIfAbsent(transport, k -> new LongAdder()).increment();
    }

    public void connectionClosed(String transport) {
        open.computeIfAbsent(transport, k -> new AtomicInteger()).decrementAndGet();
    }

    void writeTo(PrometheusText text) {
        text.family("jsuper_api_requests_total", "counter", "API requests answered, by route and HTTP status.");
        requests.forEach((key, count) -> {
            int space = key.lastIndexOf(' ');
            text.sample("jsuper_api_requests_total", count.sum(), "route", key.substring(0, space),
                    "code", key.substring(space + 1));
        });
        text.family("jsuper_api_request_duration_seconds", "histogram", "Time from dispatch to answer, by route.");
        latency.forEach((route, h) -> h.writeTo(text, "jsuper_api_request_duration_seconds", "route", route));
        text.family("jsuper_api_connections_open", "gauge", "API connections open now, by transport.");
        open.forEach((transport, n) -> text.sample("jsuper_api_connections_open", n.get(), "transport", transport));
        text.family("jsuper_api_connections_total", "counter", "API connections accepted, by transport.");
        accepted.forEach((transport, n) -> text.sample("jsuper_api_connections_total", n.sum(), "transport", transport));
    }
}
