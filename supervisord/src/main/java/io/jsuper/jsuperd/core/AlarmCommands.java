package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherMonitoring.AlarmEvent;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.health.ProbeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a watcher's alarm commands ({@code on_fatal = /usr/local/bin/page-me}) on its processes' events, as
 * side commands: the watcher's user, a process group of their own, killed at {@code alarm_timeout}, the
 * event as JSON on stdin and as {@code JSUPER_*} variables. Bounded: one run per process and event at a
 * time (an event that comes again while its command still runs is skipped and logged), and the daemon-wide
 * cap of side commands. Decorates the process listener; on the loop.
 */
public final class AlarmCommands implements ProcessContext.ProcessListener {
    private static final Logger log = LoggerFactory.getLogger(AlarmCommands.class);
    /** A reason or check result longer than this is cut (the event must fit a command's stdin and env). */
    static final int MAX_FIELD = 2048;

    private final ProcessContext.ProcessListener next;
    private final SideCommands commands;
    private final java.util.function.LongSupplier wallClock;
    /** "web:1 fatal" while that alarm runs. */
    private final Set<String> running = new HashSet<>();

    public AlarmCommands(ProcessContext.ProcessListener next, SideCommands commands,
                         java.util.function.LongSupplier wallClock) {
        this.next = next;
        this.commands = commands;
        this.wallClock = wallClock;
    }

    @Override
    public void spawned(ProcessSlot slot, int pid) {
        next.spawned(slot, pid);
    }

    @Override
    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        next.stateChanged(slot, from, to);
        AlarmEvent event = switch (to) {
            case FATAL -> AlarmEvent.FATAL;
            case BACKOFF -> AlarmEvent.RESTART;
            case EXITED -> AlarmEvent.EXITED;
            case RUNNING -> AlarmEvent.RUNNING;
            default -> null;
        };
        if (event != null && slot.config().monitoring().alarms().containsKey(event)) { // most watchers have none
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("from", from.name());
            fields.put("to", to.name());
            fields.put("reason", slot.reason() == null ? "" : slot.reason());
            fire(slot, event, fields);
        }
    }

    @Override
    public void probeChanged(ProcessSlot slot, ProbeStatus status) {
        next.probeChanged(slot, status);
        if (!status.passing() && status.consecutiveFailures() > 0 && status.checks() > 1) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("probe", status.role());
            fields.put("check", status.check());
            fields.put("result", status.lastResult() == null ? "" : status.lastResult());
            fire(slot, AlarmEvent.UNHEALTHY, fields);
        }
    }

    @Override
    public void spawnEnded(ProcessSlot slot, long nanos, String error) {
        next.spawnEnded(slot, nanos, error);
    }

    @Override
    public void configReloaded(String error) {
        next.configReloaded(error);
    }

    private void fire(ProcessSlot slot, AlarmEvent event, Map<String, String> fields) {
        String command = slot.config().monitoring().alarms().get(event);
        if (command == null) {
            return;
        }
        String key = slot.displayName() + " " + event.eventName();
        if (!running.add(key)) {
            log.warn("alarm {} for {} skipped: its previous run has not ended", event.option(), slot.displayName());
            return;
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("event", event.eventName());
        all.put("watcher", slot.watcherName());
        all.put("process", slot.displayName());
        all.put("pid", Integer.toString(slot.pid()));
        all.put("time_ms", Long.toString(wallClock.getAsLong()));
        fields.forEach((k, v) -> all.put(k, v.length() > MAX_FIELD ? v.substring(0, MAX_FIELD) + "…" : v));
        Map<String, String> env = new LinkedHashMap<>();
        all.forEach((k, v) -> env.put("JSUPER_" + k.toUpperCase(Locale.ROOT), v));
        String json = json(all);
        env.put("JSUPER_EVENT_JSON", json);
        List<String> argv;
        try {
            argv = CommandLine.split(CommandLine.expandWid(command, slot.wid()));
        } catch (IllegalArgumentException e) {
            running.remove(key);
            log.warn("alarm {} for {}: {}", event.option(), slot.displayName(), e.getMessage());
            return;
        }
        var monitoring = slot.config().monitoring();
        commands.run(slot.config(), slot.wid(), argv, env, monitoring.alarmTimeout(), false,
                json.getBytes(StandardCharsets.UTF_8)).whenComplete((outcome, error) -> {
                    running.remove(key);
                    if (error != null || !outcome.ok()) {
                        log.warn("alarm {} for {} failed: {}", event.option(), slot.displayName(),
                                error != null ? error.toString() : outcome.describe(monitoring.alarmTimeout()));
                    } else {
                        log.info("alarm {} for {} ran ({} ms)", event.option(), slot.displayName(), outcome.millis());
                    }
                });
    }

    /** A flat JSON object of strings (pid and time_ms as numbers), bounded by what the fields hold. */
    static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder(256).append('{');
        fields.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(k).append("\":");
            if (k.equals("pid") || k.equals("time_ms")) {
                b.append(v);
            } else {
                quote(b, v);
            }
        });
        return b.append('}').toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
