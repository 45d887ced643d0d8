package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code daemon-restart}: jsuperd stops every process and starts afresh in the same process (new JVM, config
 * read again); waits until it answers again. Named so that it cannot be taken for {@code reload NAME} (a
 * watcher's graceful reload) nor for supervisorctl's {@code reload} (which keeps supervisord's process and
 * code and only restarts the programs).
 */
@Command(name = "daemon-restart", description = "Restart jsuperd itself: stop every process, start a fresh jsuperd "
        + "in the same process (same pid, new JVM, config and code read again), wait until it answers. Not reload NAME.")
public final class DaemonRestartCommand implements Callable<Integer> {
    private static final long POLL_NANOS = 100_000_000L;

    @ParentCommand
    Jsuperctl root;

    @Option(names = "--no-wait", description = "return once the daemon accepted the request")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "how long to wait for the new daemon to answer (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    public Integer call() {
        ApiClient client = root.client();
        Object before = client.get("/version").orFail().json().get("started_at_ms");
        client.post("/daemon/restart", null).orFail();
        if (noWait) {
            print("started", null);
            return ExitCodes.OK;
        }
        Map<String, Object> now = awaitNewDaemon(client, before);
        print("restarted", now);
        return ExitCodes.OK;
    }

    /** Polls {@code GET /version} until a daemon with another start time answers (bounded by --timeout). */
    private Map<String, Object> awaitNewDaemon(ApiClient client, Object before) {
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            try {
                ApiClient.Response r = client.get("/version");
                if (r.ok() && r.json().get("started_at_ms") != null && !r.json().get("started_at_ms").equals(before)) {
                    return r.json();
                }
            } catch (CtlException downForNow) {
                // between the old daemon's exit and the new one's socket: keep asking
            }
        }
        throw new CtlException(ExitCodes.FAILED, "jsuperd did not answer again within " + timeout
                + " s after the restart (see its log; jsuperctl status tells when it is back)");
    }

    private void print(String what, Map<String, Object> version) {
        if (root.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("restart", what);
            if (version != null) {
                out.put("version", version.get("version"));
                out.put("pid", version.get("pid"));
                out.put("started_at_ms", version.get("started_at_ms"));
            }
            new JsonReport().putAll(out).print(root.out(), ExitCodes.OK);
        } else if (version == null) {
            root.out().println("jsuperd restart started");
        } else {
            root.out().println("jsuperd restarted (pid " + version.get("pid") + ", version " + version.get("version") + ")");
        }
    }
}
