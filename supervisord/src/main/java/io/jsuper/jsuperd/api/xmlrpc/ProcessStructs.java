package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.LinkedHashMap;
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

    static Map<String, Object> struct(ProcessInfo p, SupervisordView view, long nowSeconds) {
        List<ProcessInfo> all = view.all();
        long start = p.pid() > 0 ? nowSeconds - p.uptimeMillis() / 1000 : 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name(p, all));
        m.put("group", view.group(p));
        m.put("start", (int) start);
        m.put("stop", 0);
        m.put("now", (int) nowSeconds);
        m.put("state", stateCode(p.state()));
        m.put("statename", p.state().name());
        m.put("spawnerr", p.lastSpawnError() == null ? "" : p.lastSpawnError());
        m.put("exitstatus", exitStatus(p.lastExit()));
        m.put("logfile", "");
        m.put("stdout_logfile", "");
        m.put("stderr_logfile", "");
        m.put("pid", p.pid());
        m.put("description", description(p, name(p, all), nowSeconds));
        return m;
    }

    /**
     * As supervisord words it: "pid 12, uptime 0:00:05" while running; spawnerr (or a hint to tail) when FATAL or
     * in BACKOFF; the stop time ("Nov 27 11:50 AM", local time) when stopped or exited after a start, "Not started"
     * before. jsuper keeps no stop time: the time of the query stands for it.
     */
    static String description(ProcessInfo p, String name, long nowSeconds) {
        if (p.state() == ProcessState.RUNNING || (p.state().hasChild() && p.pid() > 0)) {
            long s = p.uptimeMillis() / 1000;
            String days = s >= 86400 ? (s / 86400) + (s >= 2 * 86400 ? " days, " : " day, ") : "";
            return String.format("pid %d, uptime %s%d:%02d:%02d", p.pid(), days, s / 3600 % 24, s / 60 % 60, s % 60);
        }
        if (p.state() == ProcessState.FATAL || p.state() == ProcessState.BACKOFF) {
            return p.lastSpawnError() != null ? p.lastSpawnError() : "unknown error (try \"tail " + name + "\")";
        }
        if (p.state() == ProcessState.STOPPED || p.state() == ProcessState.EXITED) {
            return p.startCount() == 0 ? "Not started" : STOP_TIME.format(java.time.Instant.ofEpochSecond(nowSeconds)
                    .atZone(java.time.ZoneId.systemDefault()));
        }
        return "";
    }

    private static final java.time.format.DateTimeFormatter STOP_TIME =
            java.time.format.DateTimeFormatter.ofPattern("MMM dd hh:mm a", java.util.Locale.US);

    private static int exitStatus(String lastExit) {
        if (lastExit != null && lastExit.startsWith("exit ")) {
            try {
                return Integer.parseInt(lastExit.substring(5).strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
