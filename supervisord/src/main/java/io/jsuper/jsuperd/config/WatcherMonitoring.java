package io.jsuper.jsuperd.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a watcher adds to monitoring: static labels on its metrics ({@code labels = team=payments,tier=web})
 * and alarm commands run on its processes' events ({@code on_fatal = /usr/local/bin/page-me}).
 *
 * @param labels       extra Prometheus labels of every series of this watcher, in name order
 * @param alarms       command line by event ({@code fatal}, {@code restart}…), split like {@code cmd}, no shell
 * @param alarmTimeout an alarm command still running after this is killed with its process group
 * @param listener     set when the processes are supervisord event listeners ({@code listener_events})
 * @param outputEvents the streams ("stdout", "stderr") whose output becomes PROCESS_LOG events for listeners
 *                     ({@code stdout_events_enabled}, {@code stderr_events_enabled})
 * @param captureMaxBytes by stream: supervisord's capture mode, PROCESS_COMMUNICATION events of at most this many
 *                     bytes ({@code stdout_capture_maxbytes}); absent = off
 * @param group        supervisord's group ({@code group}), for supervisord's XML-RPC names
 */
public record WatcherMonitoring(Map<String, String> labels, Map<AlarmEvent, String> alarms, Duration alarmTimeout,
                                java.util.Optional<EventListenerSettings> listener, java.util.Set<String> outputEvents,
                                Map<String, Integer> captureMaxBytes, java.util.Optional<String> group) {
    public static final Duration DEFAULT_ALARM_TIMEOUT = Duration.ofSeconds(10);
    public static final WatcherMonitoring NONE = new WatcherMonitoring(Map.of(), Map.of(), DEFAULT_ALARM_TIMEOUT);

    public WatcherMonitoring {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        alarms = Map.copyOf(alarms);
        listener = java.util.Objects.requireNonNullElse(listener, java.util.Optional.empty());
        outputEvents = java.util.Set.copyOf(outputEvents);
        captureMaxBytes = Map.copyOf(captureMaxBytes);
        group = java.util.Objects.requireNonNullElse(group, java.util.Optional.empty());
    }

    /** supervisord's group of the watcher ({@code group = NAME}; a {@code [program:x]} is group x), else its own name. */
    public String groupOr(String watcherName) {
        return group.orElse(watcherName);
    }

    /** Not an event listener, no output events. */
    public WatcherMonitoring(Map<String, String> labels, Map<AlarmEvent, String> alarms, Duration alarmTimeout) {
        this(labels, alarms, alarmTimeout, java.util.Optional.empty(), java.util.Set.of(), Map.of(), java.util.Optional.empty());
    }

    /** Whether anything of {@code stream}'s output goes to event listeners (PROCESS_LOG or capture mode). */
    public boolean sendsOutput(String stream) {
        return outputEvents.contains(stream) || captureMaxBytes.containsKey(stream);
    }

    /** Whether the output of {@code stream} ("stdout", "stderr") is sent to listeners as PROCESS_LOG events. */
    public boolean outputEvents(String stream) {
        return outputEvents.contains(stream);
    }

    /** The events an alarm command can be attached to, with their option names. */
    public enum AlarmEvent {
        /** The process gave up (FATAL). */
        FATAL("on_fatal"),
        /** An automatic restart is pending (BACKOFF after a crash, a failed start or a failed liveness check). */
        RESTART("on_restart"),
        /** The process ended and stays down (EXITED). */
        EXITED("on_exited"),
        /** The process became RUNNING (after its readiness checks, if any). */
        RUNNING("on_running"),
        /** A health check stopped passing. */
        UNHEALTHY("on_unhealthy");

        private final String option;

        AlarmEvent(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** The name in the event JSON and in {@code JSUPER_EVENT}: "fatal", "restart"… */
        public String eventName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
