package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * supervisord's names and {@code getProcessInfo} structs for jsuper's processes. A watcher is a supervisord
 * group; a one-process watcher's process has the watcher's name (so {@code supervisorctl} shows just
 * {@code web}, as for a supervisord program), a process of a bigger watcher is {@code web_2} in group {@code web}.
 */
final class ProcessStructs {

    private ProcessStructs() {
    }

    static int stateCode(ProcessState s) {
        return switch (s) {
            case STOPPED -> 0;
            case STARTING -> 10;
            case RUNNING -> 20;
            case BACKOFF -> 30;
            case STOPPING -> 40;
            case EXITED -> 100;
            case FATAL -> 200;
        };
    }

    static String name(ProcessInfo p, List<ProcessInfo> all) {
        long inWatcher = all.stream().filter(o -> o.watcher().equals(p.watcher())).count();
        return inWatcher == 1 ? p.watcher() : p.watcher() + "_" + p.wid();
    }

    /**
     * supervisord 4.2.5's {@code getProcessInfo} struct. {@code start} is the last child's spawn time and
     * {@code stop} the time the last child ended (0: none yet), both kept after the child is gone, as supervisord's
     * {@code laststart}/{@code laststop}; {@code logfile} is supervisord's alias of {@code stdout_logfile}.
     */
    static Map<String, Object> struct(ProcessInfo p, SupervisordView view, long nowSeconds) {
        List<ProcessInfo> all = view.all();
        long start = p.pid() > 0 ? nowSeconds - p.uptimeMillis() / 1000
                : p.times().sinceStartMillis() >= 0 ? nowSeconds - p.times().sinceStartMillis() / 1000 : 0;
        long stop = p.times().sinceStopMillis() >= 0 ? nowSeconds - p.times().sinceStopMillis() / 1000 : 0;
        String spawnerr = spawnerr(p, view.configs().get(p.watcher()));
        String stdout = view.logfileField(p, "stdout");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name(p, all));
        m.put("group", view.group(p));
        m.put("start", (int) start);
        m.put("stop", (int) stop);
        m.put("now", (int) nowSeconds);
        m.put("state", stateCode(p.state()));
        m.put("statename", p.state().name());
        m.put("spawnerr", spawnerr);
        m.put("exitstatus", exitstatus(p));
        m.put("logfile", stdout);
        m.put("stdout_logfile", stdout);
        m.put("stderr_logfile", view.logfileField(p, "stderr"));
        m.put("pid", p.pid());
        m.put("description", description(p, name(p, all), spawnerr, start, stop > 0 ? stop : nowSeconds, nowSeconds));
        return m;
    }

    /** supervisord's spawnerr after a child died before startsecs. */
    static final String EXITED_TOO_QUICKLY = "Exited too quickly (process log may have details)";

    /**
     * What supervisord keeps in {@code spawnerr}: in BACKOFF and FATAL the spawn failure, or "Exited too quickly"
     * when the child died before startsecs; in EXITED "Bad exit code N" after an unexpected exit (N is -1 for a
     * signal, as {@code exitstatus}); else "" (supervisord clears it at every spawn).
     */
    static String spawnerr(ProcessInfo p, WatcherConfig w) {
        return switch (p.state()) {
            case BACKOFF, FATAL -> lastAttemptFailedToSpawn(p) ? p.lastSpawnError() : EXITED_TOO_QUICKLY;
            case EXITED -> {
                Integer code = exitCode(p.lastExit());
                boolean expected = code != null && w != null && w.exitcodes().contains(code);
                yield p.lastExit() == null || expected ? "" : "Bad exit code " + (code == null ? -1 : code);
            }
            default -> "";
        };
    }

    /** The slot's reason ends with the last attempt's outcome ("…; last: spawn failed: WHY"). */
    private static boolean lastAttemptFailedToSpawn(ProcessInfo p) {
        return p.lastSpawnError() != null && (p.lastExit() == null
                || (p.reason() != null && p.reason().endsWith("spawn failed: " + p.lastSpawnError())));
    }

    /**
     * supervisord's {@code exitstatus}: the last child's exit code once it has ended (EXITED, STOPPED), -1 when a
     * signal ended it; 0 while a child runs or is being started again (supervisord resets it at every spawn), and
     * in BACKOFF and FATAL (an exit before startsecs leaves it unset).
     */
    static int exitstatus(ProcessInfo p) {
        if ((p.state() != ProcessState.EXITED && p.state() != ProcessState.STOPPED) || p.lastExit() == null) {
            return 0;
        }
        Integer code = exitCode(p.lastExit());
        return code == null ? -1 : code;
    }

    /** N of "exit N", null for an ending by signal ("SIGTERM", "SIGKILL (core dumped)"). */
    private static Integer exitCode(String lastExit) {
        if (lastExit != null && lastExit.startsWith("exit ")) {
            try {
                return Integer.parseInt(lastExit.substring(5).strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * As supervisord words it: "pid 12, uptime 0:00:05" when RUNNING (from the struct's start and now, as
     * supervisord computes it); the spawnerr (or a hint to tail) when FATAL or in BACKOFF; the stop time
     * ("Nov 27 11:50 AM", local time) when stopped or exited after a start, "Not started" before; "" in STARTING
     * and STOPPING.
     */
    static String description(ProcessInfo p, String name, String spawnerr, long start, long stop, long nowSeconds) {
        return switch (p.state()) {
            case RUNNING -> {
                long s = Math.max(0, nowSeconds - start);
                String days = s >= 86400 ? (s / 86400) + (s >= 2 * 86400 ? " days, " : " day, ") : "";
                yield String.format("pid %d, uptime %s%d:%02d:%02d", p.pid(), days, s / 3600 % 24, s / 60 % 60, s % 60);
            }
            case FATAL, BACKOFF -> spawnerr.isEmpty() ? "unknown error (try \"tail " + name + "\")" : spawnerr;
            case STOPPED, EXITED -> p.startCount() == 0 ? "Not started"
                    : STOP_TIME.format(Instant.ofEpochSecond(stop).atZone(ZoneId.systemDefault()));
            default -> "";
        };
    }

    static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);
}
