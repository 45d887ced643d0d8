package io.jsuper.jsuperd.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregates the StatsD line protocol ({@code name:value|c}, {@code |g}, {@code |ms}, {@code |h}, optional
 * {@code |@rate} and DogStatsD {@code |#tag:value,tag2:value2}) into series that {@code GET /metrics}
 * exposes as {@code jsuper_app_*}. The number of series is bounded: samples of a new series beyond the
 * limit, and malformed lines, are counted as dropped, never stored.
 */
public final class StatsdAggregator {
    static final int MAX_NAME = 200;
    static final int MAX_TAGS = 10;

    /** One series: its kind, metric name and labels. */
    record Key(char kind, String name, Map<String, String> labels) {
    }

    /** Running values of one series (counter: sum; gauge: last; timer: sum and count in seconds). */
    static final class Value {
        double sum;
        long count;
    }

    private final int maxSeries;
    private final Map<Key, Value> series = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();

    public StatsdAggregator(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    /** One datagram: one or more lines. */
    public void accept(String packet) {
        accept(packet, Map.of());
    }

    /**
     * One datagram from a known sender: {@code source} ({@code watcher}, {@code process}) is added to the
     * labels of every line (a sender cannot set those two itself).
     */
    public void accept(String packet, Map<String, String> source) {
        for (String line : packet.split("\n")) {
            if (!line.isBlank()) {
                received.increment();
                if (!acceptLine(line.strip(), source)) {
                    dropped.increment();
                }
            }
        }
    }

    private boolean acceptLine(String line, Map<String, String> source) {
        int colon = line.indexOf(':');
        String[] parts = colon < 1 ? new String[0] : line.substring(colon + 1).split("\\|");
        if (parts.length < 2 || colon > MAX_NAME) {
            return false;
        }
        String name = sanitize(line.substring(0, colon));
        char kind = switch (parts[1]) {
            case "c" -> 'c';
            case "g" -> 'g';
            case "ms", "h" -> 't';
            default -> '?';
        };
        Map<String, String> labels = new TreeMap<>();
        double rate = 1;
        try {
            for (int i = 2; i < parts.length; i++) {
                if (parts[i].startsWith("@")) {
                    rate = Double.parseDouble(parts[i].substring(1));
                } else if (parts[i].startsWith("#")) {
                    tags(parts[i].substring(1), labels);
                }
            }
            labels.putAll(source);
            double value = Double.parseDouble(parts[0]);
            if (kind == '?' || labels.size() > MAX_TAGS + source.size() || !(rate > 0 && rate <= 1) || !Double.isFinite(value)) {
                return false;
            }
            return record(new Key(kind, name, labels), parts[0], value, rate);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean record(Key key, String text, double value, double rate) {
        Value v = series.get(key);
        if (v == null) {
            if (series.size() >= maxSeries) {
                return false;
            }
            v = series.computeIfAbsent(key, k -> new Value());
        }
        synchronized (v) {
            switch (key.kind()) {
                case 'c' -> v.sum += value / rate;
                case 'g' -> v.sum = text.startsWith("+") || text.startsWith("-") ? v.sum + value : value;
                default -> {
                    v.sum += value / 1000.0;
                    v.count++;
                }
            }
        }
        return true;
    }

    private static void tags(String text, Map<String, String> labels) {
        for (String tag : text.split(",")) {
            int c = tag.indexOf(':');
            String k = sanitize(c < 0 ? tag : tag.substring(0, c));
            if (!k.isEmpty() && !k.equals("watcher") && !k.equals("process")) {
                labels.put(k, c < 0 ? "" : tag.substring(c + 1));
            }
        }
    }

    /** Prometheus names: letters, digits and underscores, not starting with a digit. */
    static String sanitize(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (char ch : raw.strip().toCharArray()) {
            b.append(Character.isLetterOrDigit(ch) && ch < 128 ? ch : '_');
        }
        return b.length() > 0 && Character.isDigit(b.charAt(0)) ? "_" + b : b.toString();
    }

    void writeTo(PrometheusText t) {
        t.family("jsuper_statsd_lines_total", "counter", "StatsD lines received.");
        t.sample("jsuper_statsd_lines_total", received.sum());
        t.family("jsuper_statsd_dropped_lines_total", "counter", "StatsD lines malformed or beyond the series limit.");
        t.sample("jsuper_statsd_dropped_lines_total", dropped.sum());
        Map<String, List<Map.Entry<Key, Value>>> byFamily = new TreeMap<>();
        for (Map.Entry<Key, Value> e : series.entrySet()) {
            byFamily.computeIfAbsent(family(e.getKey()), f -> new ArrayList<>()).add(e);
        }
        byFamily.forEach((family, entries) -> {
            char kind = entries.get(0).getKey().kind();
            String type = kind == 'c' ? "counter" : kind == 'g' ? "gauge" : "summary";
            if (t.clashes(family, type)) {
                return; // "x" as a gauge and "x" as a counter are one name in OpenMetrics: the second one waits
            }
            t.family(family, type,
                    "StatsD " + (kind == 'c' ? "counter" : kind == 'g' ? "gauge" : "timer") + " from the services.");
            for (Map.Entry<Key, Value> e : entries) {
                String[] labels = labels(e.getKey().labels());
                synchronized (e.getValue()) {
                    if (kind == 't') {
                        t.sample(family + "_sum", e.getValue().sum, labels);
                        t.sample(family + "_count", e.getValue().count, labels);
                    } else {
                        t.sample(family, e.getValue().sum, labels);
                    }
                }
            }
        });
    }

    /** A name used with two kinds gets one family per kind (the suffixes differ), so the text stays valid. */
    private static String family(Key k) {
        return "jsuper_app_" + k.name() + switch (k.kind()) {
            case 'c' -> "_total";
            case 't' -> "_seconds";
            default -> "";
        };
    }

    private static String[] labels(Map<String, String> labels) {
        String[] out = new String[labels.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }
}
