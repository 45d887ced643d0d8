package io.jsuper.jsuperd.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the daemon's own API, written by the network threads and read by {@code GET /metrics}.
 * One per JVM (one jsuperd per JVM): the network edge and the metrics command need no wiring between them.
 * Keys are bounded: route names come from the fixed route table (unknown paths count as "unmatched") and
 * status codes are three digits.
 */
public final class ApiMetrics {
    public static final ApiMetrics GLOBAL = new ApiMetrics();
    /** Bounds the request series even if something unexpected ends up as a key. */
    static final int MAX_REQUEST_SERIES = 2000;

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();

    ApiMetrics() {
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
        text.family("jsuper_api_connections_open", "gauge", "API connections open now, by transport.");
        open.forEach((transport, n) -> text.sample("jsuper_api_connections_open", n.get(), "transport", transport));
        text.family("jsuper_api_connections_total", "counter", "API connections accepted, by transport.");
        accepted.forEach((transport, n) -> text.sample("jsuper_api_connections_total", n.sum(), "transport", transport));
    }
}
