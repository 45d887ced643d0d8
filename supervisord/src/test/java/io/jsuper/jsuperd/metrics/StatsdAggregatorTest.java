package io.jsuper.jsuperd.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The StatsD line protocol: counters, gauges, timers, sample rates, DogStatsD tags, bounds. */
class StatsdAggregatorTest {
    private final StatsdAggregator agg = new StatsdAggregator(3);

    private String text() {
        PrometheusText t = new PrometheusText();
        agg.writeTo(t);
        return t.toString();
    }

    @Test
    void countersGaugesAndTimers_withTagsAndRates() {
        agg.accept("orders:1|c|#shop:eu\norders:2|c|#shop:eu\norders:1|c|@0.5|#shop:us");
        agg.accept("queue.depth:10|g");
        agg.accept("queue.depth:-3|g");
        String t = text();
        assertTrue(t.contains("# TYPE jsuper_app_orders_total counter\n"), t);
        assertTrue(t.contains("jsuper_app_orders_total{shop=\"eu\"} 3\n"), t);
        assertTrue(t.contains("jsuper_app_orders_total{shop=\"us\"} 2\n"), t);
        assertTrue(t.contains("jsuper_app_queue_depth 7\n"), t);
        assertTrue(t.contains("jsuper_statsd_lines_total 5\n"), t);
    }

    @Test
    void timersInSeconds() {
        agg.accept("db.query:250|ms\ndb.query:750|h");
        String t = text();
        assertTrue(t.contains("# TYPE jsuper_app_db_query_seconds summary\n"), t);
        assertTrue(t.contains("jsuper_app_db_query_seconds_sum 1\n"), t);
        assertTrue(t.contains("jsuper_app_db_query_seconds_count 2\n"), t);
    }

    @Test
    void malformedLinesAndSeriesBeyondTheLimit_areCountedAsDropped() {
        agg.accept("nocolon\nx:abc|c\nx:1|zz\nx:1\n:1|c");
        agg.accept("a:1|c\nb:1|c\nc:1|c\nd:1|c\na:1|c");
        String t = text();
        assertTrue(t.contains("jsuper_statsd_dropped_lines_total 6\n"), t);
        assertFalse(t.contains("jsuper_app_d_total"), t);
        assertTrue(t.contains("jsuper_app_a_total 2\n"), t);
    }

    @Test
    void namesAndTagKeysAreSanitized_reservedLabelsIgnored() {
        agg.accept("9lives-x:1|c|#watcher:evil,my-tag:v");
        String t = text();
        assertTrue(t.contains("jsuper_app__9lives_x_total{my_tag=\"v\"} 1\n"), t);
    }

    @Test
    void aKnownSender_addsWatcherAndProcess_andCannotFakeThem() {
        StatsdAggregator a = new StatsdAggregator(100);
        a.accept("orders:2|c|#shop:eu,watcher:evil", java.util.Map.of("watcher", "web", "process", "web:1"));
        PrometheusText t = new PrometheusText();
        a.writeTo(t);
        assertTrue(t.toString().contains("jsuper_app_orders_total{process=\"web:1\",shop=\"eu\",watcher=\"web\"} 2\n"),
                t.toString());
    }
}
