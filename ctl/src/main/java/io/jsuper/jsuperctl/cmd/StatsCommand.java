package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code stats NAME}: CPU, memory, threads and open descriptors of each process of a watcher. */
@Command(name = "stats", description = "Print what each process of a watcher (or one process, NAME:WID) uses: CPU seconds, "
        + "resident memory, threads and open descriptors of its main process, and its cgroup's CPU and memory "
        + "with cgroup containment. Exit 3 when none of them runs.")
public final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME[:WID]", description = "watcher name or one process (web:2)")
    String name;

    @Override
    public Integer call() {
        ApiClient.Response r = root.client().get("/services/" + ApiClient.segment(name) + "/stats").orFail();
        Object list = r.json().get("processes");
        boolean anyRunning = false;
        if (!root.json()) {
            root.out().println(String.format("%-20s %7s %-9s %10s %10s %7s %6s %10s %10s", "NAME", "PID", "STATE",
                    "CPU", "RSS", "THREADS", "FDS", "CG_CPU", "CG_MEM"));
        }
        if (list instanceof List<?> processes) {
            for (Object o : processes) {
                if (o instanceof Map<?, ?> p) {
                    anyRunning |= Json.num(p, "pid", 0) > 0;
                    if (!root.json()) {
                        root.out().println(row(p));
                    }
                }
            }
        }
        int exit = anyRunning ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
        // the one --json shape (docs/cli.md#json-output): the daemon's answer plus ok
        return root.json() ? new io.jsuper.jsuperctl.JsonReport().putAll(r.json()).print(root.out(), exit) : exit;
    }

    static String row(Map<?, ?> p) {
        return String.format("%-20s %7d %-9s %10s %10s %7s %6s %10s %10s", Json.str(p, "name", "?"),
                Json.num(p, "pid", 0), Json.str(p, "state", "?"), seconds(p.get("cpu_seconds")),
                bytes(p.get("rss_bytes")), count(p.get("threads")), count(p.get("fds")),
                seconds(p.get("cgroup_cpu_seconds")), bytes(p.get("cgroup_memory_bytes")));
    }

    private static String seconds(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2fs", n.doubleValue()) : "-";
    }

    private static String count(Object v) {
        return v instanceof Number n ? Long.toString(n.longValue()) : "-";
    }

    static String bytes(Object v) {
        if (!(v instanceof Number n)) {
            return "-";
        }
        double b = n.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (b >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return i == 0 ? (long) b + "B" : String.format(Locale.ROOT, "%.1f%s", b, units[i]);
    }
}
