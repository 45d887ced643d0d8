package io.jsuper.jsuperd.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A watcher whose processes are supervisord event listeners ({@code [eventlistener:x]}): they get events of the
 * subscribed types on stdin and answer READY / RESULT on stdout (see docs/compatibility.md).
 *
 * @param pool       the listener pool ({@code x}): the watchers of one {@code [eventlistener:x]} share its queue
 * @param events     subscribed event types, each an exact type or a supertype ({@code PROCESS_STATE}, {@code EVENT})
 * @param bufferSize events the pool keeps while no listener is READY; the oldest is dropped beyond it
 * @param results    what a listener's RESULT means ({@code listener_results}): supervisord's result handler
 */
public record EventListenerSettings(String pool, Set<String> events, int bufferSize, Results results) {
    public static final int DEFAULT_BUFFER_SIZE = 10;
    public static final int MAX_BUFFER_SIZE = 10_000;

    /** Every event type supervisord 4 defines that a listener may subscribe to, supertypes included. */
    public static final List<String> TYPES = List.of("EVENT",
            "PROCESS_STATE", "PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING", "PROCESS_STATE_BACKOFF",
            "PROCESS_STATE_STOPPING", "PROCESS_STATE_EXITED", "PROCESS_STATE_STOPPED", "PROCESS_STATE_FATAL",
            "PROCESS_STATE_UNKNOWN", "REMOTE_COMMUNICATION", "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR",
            "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
            "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING",
            "TICK", "TICK_5", "TICK_60", "TICK_3600", "PROCESS_GROUP", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED");

    public EventListenerSettings {
        events = Set.copyOf(events);
        results = java.util.Objects.requireNonNullElse(results, Results.OK);
    }

    /** With supervisord's default result handler. */
    public EventListenerSettings(String pool, Set<String> events, int bufferSize) {
        this(pool, events, bufferSize, Results.OK);
    }

    /** supervisord's {@code result_handler}, as far as a JVM can follow it ({@code listener_results}). */
    public enum Results {
        /** supervisord's default handler: {@code OK} accepts, anything else rejects (the event is sent again). */
        OK,
        /** Every result accepts the event (a handler that never rejects; its text is dropped). */
        ANY,
        /** Every result accepts the event and its text goes to jsuperd's stdout (supervisor_stdout's handler). */
        PRINT;

        /** {@code ok}, {@code any} or {@code print}. */
        static Results parse(String text) {
            for (Results r : values()) {
                if (r.name().equalsIgnoreCase(text.strip())) {
                    return r;
                }
            }
            throw new InvalidValueException(Converters.quote(text) + " is not a result handling",
                    "ok (OK accepts, anything else rejects), any (every result accepts) or print (accept, and write "
                            + "the result to jsuperd's stdout)");
        }
    }

    /** The abstract types: a subscription to one of them gets every {@code NAME_*} type below it. */
    static final List<String> SUPERTYPES = List.of("PROCESS_STATE", "PROCESS_LOG", "PROCESS_COMMUNICATION",
            "SUPERVISOR_STATE_CHANGE", "TICK", "PROCESS_GROUP");

    /** Whether an event of {@code type} goes to this pool: subscribed exactly, through its supertype, or EVENT. */
    public boolean wants(String type) {
        if (events.contains("EVENT") || events.contains(type)) {
            return true;
        }
        for (String parent : SUPERTYPES) {
            if (type.startsWith(parent + "_") && events.contains(parent)) {
                return true;
            }
        }
        return false;
    }

    /** The subscribed types from {@code PROCESS_STATE, TICK_5} (case-insensitive), refusing unknown names. */
    static Set<String> parseEvents(String text) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String item : text.split("[,\\s]+")) {
            if (item.isBlank()) {
                continue;
            }
            String type = item.strip().toUpperCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new InvalidValueException("unknown event type " + Converters.quote(item.strip()) + DidYouMean
                        .closest(type, TYPES).map(t -> " (did you mean " + t + "?)").orElse(""),
                        "supervisord's event types: " + String.join(", ", TYPES));
            }
            out.add(type);
        }
        if (out.isEmpty()) {
            throw new InvalidValueException("no event type", "e.g. PROCESS_STATE,TICK_60");
        }
        return out;
    }
}
