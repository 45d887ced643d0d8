package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code status [NAME…]}; exits LSB-style: 0 all RUNNING, 3 some not running, 4 unknown name or no daemon. */
@Command(name = "status", description = "Show the state of all processes, or of the named watchers.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "watcher names or processes (web:2) (default: all)")
    List<String> names = new ArrayList<>();

    @Option(names = {"-w", "--wide"}, description = "a table with pid, uptime, CPU time, memory, restarts and last exit")
    boolean wide;

    @Override
    public Integer call() {
        return run(root, names, wide);
    }

    /** Shared with the picocli-free fast path. */
    public static int run(Jsuperctl root, List<String> names) {
        return run(root, names, false);
    }

    static int run(Jsuperctl root, List<String> names, boolean wide) {
        ApiClient client = root.client();
        List<Map<String, Object>> processes = new ArrayList<>();
        boolean unknown = false;
        boolean failed = false;
        JsonReport report = new JsonReport();
        List<Map<String, Object>> sockets = List.of();
        if (names.isEmpty() || names.contains("all")) {
            ApiClient.Response r = client.get("/services").orFail();
            processes.addAll(r.services());
            sockets = SocketLines.fetch(client);
        } else {
            for (String name : names) {
                ApiClient.Response r = client.get("/services/" + ApiClient.segment(name));
                if (r.ok()) {
                    processes.addAll(r.services());
                    continue;
                }
                CtlException f = r.failure();
                io.jsuper.jsuperctl.Failure.print(root.err(), f.getMessage());
                report.error(name, f);
                unknown |= f.exitCode() == ExitCodes.UNKNOWN;
                failed = true;
            }
        }
        if (!root.json()) {
            StatusStyle style = StatusStyle.detect(root.env(), System.console() != null);
            if (wide) {
                WideTable.print(root.out(), processes, style);
            } else {
                ProcessTable.print(root.out(), processes, style);
            }
            SocketLines.print(root.out(), sockets);
        }
        if (!sockets.isEmpty()) {
            report.put("sockets", sockets);
        }
        int exit = exit(processes, unknown, failed);
        return root.json() ? report.put("services", processes).print(root.out(), exit) : exit;
    }

    private static int exit(List<Map<String, Object>> processes, boolean unknown, boolean failed) {
        if (unknown) {
            return ExitCodes.UNKNOWN;
        }
        if (failed) {
            return ExitCodes.FAILED;
        }
        for (Map<String, Object> p : processes) {
            if (!"RUNNING".equals(p.get("state"))) {
                return ExitCodes.NOT_RUNNING;
            }
        }
        return ExitCodes.OK;
    }
}
