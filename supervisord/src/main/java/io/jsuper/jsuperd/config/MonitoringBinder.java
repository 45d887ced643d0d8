package io.jsuper.jsuperd.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds a watcher's {@code labels}, {@code on_*} alarm commands and {@code alarm_timeout}. */
final class MonitoringBinder {
    static final int MAX_LABELS = 16;
    static final int MAX_LABEL_VALUE = 256;
    static final Duration MAX_ALARM_TIMEOUT = Duration.ofMinutes(10);
    /** supervisord's capture mode: one PROCESS_COMMUNICATION event holds at most this much. */
    static final long MAX_CAPTURE_BYTES = 1024 * 1024;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
    /** Labels jsuperd sets itself: a static label may not shadow them. */
    static final Set<String> RESERVED = Set.of("watcher", "process", "state", "probe", "stream", "le", "quantile",
            "job", "instance", "code", "route", "transport", "result", "version");

    private MonitoringBinder() {
    }

    /** Every option this binder reads, for the list of known keys. */
    static List<String> keys() {
        List<String> keys = new java.util.ArrayList<>(List.of("labels", "alarm_timeout", "listener_events",
                "listener_pool", "listener_buffer_size", "listener_results", "stdout_events_enabled", "stderr_events_enabled", "stdout_capture_maxbytes",
                "stderr_capture_maxbytes", "group"));
        for (WatcherMonitoring.AlarmEvent e : WatcherMonitoring.AlarmEvent.values()) {
            keys.add(e.option());
        }
        return keys;
    }

    static WatcherMonitoring bind(SectionValues v) {
        Map<String, String> labels = v.get("labels", Map.of(), MonitoringBinder::labels);
        Map<WatcherMonitoring.AlarmEvent, String> alarms = new EnumMap<>(WatcherMonitoring.AlarmEvent.class);
        for (WatcherMonitoring.AlarmEvent e : WatcherMonitoring.AlarmEvent.values()) {
            v.nonBlank(e.option()).ifPresent(command -> alarms.put(e, command.strip()));
        }
        Duration timeout = v.duration("alarm_timeout", WatcherMonitoring.DEFAULT_ALARM_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(MAX_ALARM_TIMEOUT) > 0) {
            v.error("alarm_timeout", "alarm_timeout = " + timeout.toMillis() + " ms", "above 0, at most 10m");
            timeout = WatcherMonitoring.DEFAULT_ALARM_TIMEOUT;
        }
        if (alarms.isEmpty() && v.has("alarm_timeout")) {
            v.error("alarm_timeout", "alarm_timeout is set but no on_* alarm command is",
                    "on_fatal = COMMAND (or on_restart, on_exited, on_running, on_unhealthy) next to it");
        }
        Set<String> outputEvents = new java.util.TreeSet<>();
        Map<String, Integer> capture = new java.util.TreeMap<>();
        for (String stream : List.of("stdout", "stderr")) {
            if (v.bool(stream + "_events_enabled", false)) {
                outputEvents.add(stream);
            }
            long max = v.get(stream + "_capture_maxbytes", 0L, Converters::byteSize);
            if (max > MAX_CAPTURE_BYTES) {
                // supervisord has no bound; jsuperd keeps one event's payload under 1 MB and says so
                v.errors().warn(v.section().get(stream + "_capture_maxbytes"), max + " bytes",
                        "capture mode keeps at most 1MB (one event's payload); a longer capture is cut there");
                capture.put(stream, (int) MAX_CAPTURE_BYTES);
            } else if (max > 0) {
                capture.put(stream, (int) max);
            }
        }
        return new WatcherMonitoring(labels, alarms, timeout, listener(v), outputEvents, capture,
                v.optional("group", MonitoringBinder::group));
    }

    /** supervisord's group name: what {@code GROUP:NAME} and {@code GROUP:*} address, so no ':' or blank. */
    static String group(String text) {
        String t = text.strip();
        if (!t.matches("[A-Za-z0-9_.\\-]{1,128}")) {
            throw new InvalidValueException(Converters.quote(text) + " is not a group name",
                    "letters, digits, '_', '.', '-' (at most 128; no ':')");
        }
        return t;
    }

    /** {@code listener_events} makes the watcher a supervisord event listener; the other two need it. */
    private static java.util.Optional<EventListenerSettings> listener(SectionValues v) {
        java.util.Optional<Set<String>> events = v.optional("listener_events", EventListenerSettings::parseEvents);
        int size = v.integer("listener_buffer_size", EventListenerSettings.DEFAULT_BUFFER_SIZE, 1,
                EventListenerSettings.MAX_BUFFER_SIZE);
        String name = v.section().name();
        String pool = v.nonBlank("listener_pool").map(String::strip)
                .orElse(name.substring(name.indexOf(':') + 1));
        if (events.isEmpty()) {
            for (String key : v.has("listener_events") ? List.<String>of() : List.of("listener_pool", "listener_buffer_size", "listener_results")) {
                if (v.has(key)) {
                    v.error(key, key + " is set but listener_events is not", "listener_events = PROCESS_STATE (or "
                            + "other event types) next to it, or remove " + key);
                }
            }
            return java.util.Optional.empty();
        }
        if (v.bool("redirect_stderr", false)) {
            v.error("redirect_stderr", "redirect_stderr = true on an event listener: its stdout is the protocol channel",
                    "redirect_stderr = false (supervisord refuses it too)");
        }
        EventListenerSettings.Results results = v.get("listener_results", EventListenerSettings.Results.OK,
                EventListenerSettings.Results::parse);
        return java.util.Optional.of(new EventListenerSettings(pool, events.get(), size, results));
    }

    /** {@code team=payments,tier=web}: Prometheus label names, values without newlines, no duplicates. */
    static Map<String, String> labels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String allowed = "comma-separated NAME=VALUE pairs, e.g. team=payments,tier=web (names [a-zA-Z_][a-zA-Z0-9_]*, "
                + "at most " + MAX_LABELS + ", not one of jsuperd's own: " + String.join(", ", new java.util.TreeSet<>(RESERVED)) + ")";
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = eq < 0 ? item.strip() : item.substring(0, eq).strip();
            String value = eq < 0 ? "" : item.substring(eq + 1).strip();
            if (eq < 0 || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new InvalidValueException(Converters.quote(item.strip()) + " is not a label", allowed);
            }
            if (RESERVED.contains(name)) {
                throw new InvalidValueException("label " + name + " is set by jsuperd itself", allowed);
            }
            if (value.length() > MAX_LABEL_VALUE || value.contains("\n")) {
                throw new InvalidValueException("the value of label " + name + " is too long", "at most "
                        + MAX_LABEL_VALUE + " characters");
            }
            if (out.put(name, value) != null) {
                throw new InvalidValueException("label " + name + " is given twice", allowed);
            }
        }
        if (out.size() > MAX_LABELS) {
            throw new InvalidValueException(out.size() + " labels", allowed);
        }
        return out;
    }
}
