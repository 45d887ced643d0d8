package io.jsuper.jsuperctl.shell;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watcher names and {@code name:wid} of the running daemon, for Tab completion. Asked again at most every
 * two seconds (a Tab burst must not hammer the daemon); an unreachable daemon completes nothing.
 */
public final class ProcessNames {
    private static final long MAX_AGE_NANOS = 2_000_000_000L;

    private final Supplier<ApiClient> client;
    private final LongSupplier nanoTime;
    private List<String> cached = List.of();
    private long fetchedAt;
    private boolean fetched;

    public ProcessNames(Supplier<ApiClient> client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    /** Watcher names first, then every {@code name:wid}; empty when the daemon cannot be asked. */
    public List<String> get() {
        long now = nanoTime.getAsLong();
        if (!fetched || now - fetchedAt > MAX_AGE_NANOS) {
            cached = fetch();
            fetchedAt = now;
            fetched = true;
        }
        return cached;
    }

    private List<String> fetch() {
        try {
            ApiClient.Response r = client.get().readTimeoutMillis(2000).get("/services");
            return r.ok() ? names(r.services()) : List.of();
        } catch (RuntimeException e) {
            return List.of(); // completion is a convenience: no daemon, no names, no noise
        }
    }

    /** Watchers (the part before the colon) and the processes' own names, in the daemon's order. */
    static List<String> names(List<Map<String, Object>> processes) {
        Set<String> watchers = new LinkedHashSet<>();
        List<String> processNames = new ArrayList<>();
        for (Map<String, Object> p : processes) {
            String name = Json.str(p, "name", "");
            int colon = name.lastIndexOf(':');
            if (colon > 0) {
                watchers.add(name.substring(0, colon));
                processNames.add(name);
            } else if (!name.isEmpty()) {
                watchers.add(name);
            }
        }
        List<String> all = new ArrayList<>(watchers);
        all.addAll(processNames);
        return all;
    }
}
