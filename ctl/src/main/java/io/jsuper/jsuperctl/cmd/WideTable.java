package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code status --wide}: one aligned row per process with pid, uptime, CPU time, memory, restarts and last
 * exit and the checks failing now; {@code -} where the daemon has no figure (CPU and memory come from cgroups, when contained).
 */
public final class WideTable {
    static final List<String> HEADER = List.of("NAME", "STATE", "PID", "UPTIME", "CPU", "MEM", "RESTARTS", "LAST EXIT", "CHECKS");

    private WideTable() {
    }

    public static void print(PrintWriter out, List<Map<String, Object>> processes, StatusStyle style) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        processes.forEach(p -> rows.add(row(p)));
        int[] width = new int[HEADER.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            List<String> r = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                boolean last = i == r.size() - 1;
                String cell = r.get(i);
                if (i == 1 && n > 0) {
                    line.append(style.state(cell, last ? 0 : width[i] + 2));
                    continue;
                }
                line.append(cell);
                for (int k = cell.length(); !last && k < width[i] + 2; k++) {
                    line.append(' ');
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static List<String> row(Map<String, Object> p) {
        long pid = Json.num(p, "pid", 0);
        boolean running = "RUNNING".equals(Json.str(p, "state", ""));
        long cpu = Json.num(p, "cpu_usec", -1);
        long mem = Json.num(p, "memory_bytes", -1);
        String lastExit = Json.str(p, "last_exit", null);
        return List.of(Json.str(p, "name", "?"), Json.str(p, "state", "?"), pid > 0 ? Long.toString(pid) : "-",
                running ? ProcessTable.uptime(Json.num(p, "uptime_ms", 0)) : "-",
                cpu >= 0 ? cpuTime(cpu) : "-", mem >= 0 ? bytes(mem) : "-",
                Long.toString(Json.num(p, "restarts", 0)), lastExit == null ? "-" : lastExit,
                running || "STARTING".equals(Json.str(p, "state", "")) ? FailingChecks.column(p) : "-");
    }

    /** CPU time used so far, {@code M:SS.s}. */
    static String cpuTime(long usec) {
        long tenths = usec / 100_000;
        long seconds = tenths / 10;
        return (seconds / 60) + ":" + (seconds % 60 < 10 ? "0" : "") + (seconds % 60) + "." + (tenths % 10);
    }

    /** Bytes in binary units, one decimal: {@code 12.3M}. */
    static String bytes(long b) {
        String[] units = {"B", "K", "M", "G", "T"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + "B" : ProcessTable.oneDecimal(v) + units[u];
    }
}
