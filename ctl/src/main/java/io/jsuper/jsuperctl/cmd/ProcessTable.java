package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** supervisorctl-style status lines: {@code web:1   RUNNING   pid 1234, uptime 0:01:02}. */
public final class ProcessTable {
    private static final int STATE_WIDTH = 9;

    private ProcessTable() {
    }

    public static void print(PrintWriter out, List<Map<String, Object>> processes) {
        print(out, processes, StatusStyle.PLAIN);
    }

    /** The same lines, the state coloured when {@code style} says so. */
    public static void print(PrintWriter out, List<Map<String, Object>> processes, StatusStyle style) {
        int width = 0;
        for (Map<String, Object> p : processes) {
            width = Math.max(width, Json.str(p, "name", "").length());
        }
        for (Map<String, Object> p : processes) {
            StringBuilder line = new StringBuilder(80);
            pad(line, Json.str(p, "name", "?"), width + 3);
            String desc = describe(p);
            if (desc.isEmpty()) {
                line.append(style.state(Json.str(p, "state", "?"), 0));
            } else {
                line.append(style.state(Json.str(p, "state", "?"), STATE_WIDTH + 1));
                line.append(desc);
            }
            line.append(release(p));
            line.append(droppedOutput(p));
            String failing = FailingChecks.describe(p);
            if (!failing.isEmpty()) {
                line.append(", ").append(failing);
            }
            out.println(line);
        }
    }

    /** The description column, chosen per state like supervisorctl. */
    static String describe(Map<String, Object> p) {
        String state = Json.str(p, "state", "");
        long pid = Json.num(p, "pid", 0);
        String reason = Json.str(p, "reason", null);
        String lastExit = Json.str(p, "last_exit", null);
        String spawnError = Json.str(p, "last_spawn_error", null);
        switch (state) {
            case "RUNNING":
                long restarts = Json.num(p, "restarts", 0);
                return "pid " + pid + ", uptime " + uptime(Json.num(p, "uptime_ms", 0))
                        + (restarts > 0 ? ", restarts " + restarts : "") + usage(p);
            case "STARTING":
            case "STOPPING":
                return first(reason, pid > 0 ? "pid " + pid : null);
            case "FATAL":
            case "BACKOFF":
                return first(reason, spawnError, lastExit);
            case "EXITED":
                return first(lastExit, reason);
            case "STOPPED":
                return first(reason, Json.num(p, "start_count", 0) == 0 ? "Not started" : lastExit);
            default:
                return first(reason);
        }
    }

    /** {@code , cpu 1.25s, mem 12.5MiB} from the cgroup figures the daemon reports (cgroup mode only). */
    static String usage(Map<String, Object> p) {
        StringBuilder b = new StringBuilder();
        long cpu = Json.num(p, "cpu_usec", -1);
        if (cpu >= 0) {
            long hundredths = (cpu / 10_000) % 100;
            b.append(", cpu ").append(cpu / 1_000_000).append(hundredths < 10 ? ".0" : ".").append(hundredths).append('s');
        }
        long mem = Json.num(p, "memory_bytes", -1);
        if (mem >= 0) {
            b.append(", mem ").append(oneDecimal(mem / 1048576.0)).append("MiB");
        }
        return b.toString();
    }

    /**
     * {@code ", release /srv/app/releases/0.3"}: what a live process of a watcher with {@code release_link} was
     * started with (docs/zero-downtime.md), else "".
     */
    static String release(Map<String, Object> p) {
        String release = Json.str(p, "release", null);
        return release == null || Json.num(p, "pid", 0) <= 0 ? "" : ", release " + release;
    }

    /** {@code ", dropped output: stdout 1234 bytes"} when capture lost bytes (disk full, refused log file), else "". */
    static String droppedOutput(Map<String, Object> p) {
        if (!(p.get("output") instanceof Map<?, ?> output)) {
            return "";
        }
        long out = Json.num(output, "stdout_dropped_bytes", 0);
        long err = Json.num(output, "stderr_dropped_bytes", 0);
        if (out == 0 && err == 0) {
            return "";
        }
        return ", dropped output:" + (out > 0 ? " stdout " + out + " bytes" : "")
                + (out > 0 && err > 0 ? "," : "") + (err > 0 ? " stderr " + err + " bytes" : "");
    }

    /**
     * {@code 12.5}: what {@code String.format("%.1f")} prints, without it: java.util.Formatter loads the
     * locale providers and regex classes, ~10 ms of a one-shot status's start-up.
     */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                return c;
            }
        }
        return "";
    }

    /** {@code H:MM:SS}, with {@code N days, } in front past a day (supervisord's format). */
    public static String uptime(long millis) {
        long s = Math.max(0, millis / 1000);
        long days = s / 86_400;
        s %= 86_400;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append(days == 1 ? " day, " : " days, ");
        }
        b.append(s / 3600).append(':');
        two(b, (s % 3600) / 60).append(':');
        return two(b, s % 60).toString();
    }

    private static StringBuilder two(StringBuilder b, long v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }

    private static void pad(StringBuilder b, String s, int width) {
        b.append(s);
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
    }
}
