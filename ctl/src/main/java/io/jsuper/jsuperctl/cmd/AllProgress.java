package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Failure;
import io.jsuper.jsuperctl.Jsuperctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code start|stop|restart|reload all} with progress: on a terminal each process is printed as it settles
 * (from the daemon's state events, followed while the one waiting request runs), then whatever the events did
 * not show, from the request's answer, which is the authority (a line it contradicts is corrected); then one
 * summary line. Elsewhere (a pipe, a file) one line per process from the answer, then the summary.
 */
final class AllProgress {
    private final Jsuperctl root;
    private final String verb;
    private final String done;
    /** Process name to what was printed for it: true = done, false = an error. */
    private final Map<String, Boolean> printed = new HashMap<>();

    private AllProgress(Jsuperctl root, String verb, String done) {
        this.root = root;
        this.verb = verb;
        this.done = done;
    }

    static int run(Jsuperctl root, ApiClient client, String verb, String done, String query) {
        return new AllProgress(root, verb, done).run(client, query);
    }

    private int run(ApiClient client, String query) {
        long started = System.nanoTime();
        StateEvents events = root.terminal() ? StateEvents.open(client, this::onEvent) : null;
        ApiClient.Response r;
        try {
            r = client.post("/services/all/" + verb + query, null);
        } finally {
            if (events != null) {
                events.close();
            }
        }
        if (!r.ok()) {
            CtlException f = r.failure();
            Failure.print(root.err(), f.getMessage());
            return f.exitCode();
        }
        List<String> failed = new ArrayList<>();
        for (Map<String, Object> p : r.services()) {
            boolean ok = !Boolean.FALSE.equals(p.get("ok"));
            if (!ok) {
                failed.add(String.valueOf(p.get("name")));
            }
            synchronized (printed) {
                Boolean shown = printed.get(String.valueOf(p.get("name")));
                if (shown == null || shown != ok) {
                    root.out().println(ProcessLine.settled(p, done));
                }
            }
        }
        summary(root.out(), verb, done, r.services().size(), failed, (System.nanoTime() - started) / 1_000_000);
        return failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** A state event: print the process once it reached where this verb takes it, or failed. */
    private void onEvent(Map<String, Object> event) {
        String to = String.valueOf(event.get("to"));
        String name = String.valueOf(event.get("process"));
        boolean up = !verb.equals("stop");
        boolean settled = up ? to.equals("RUNNING") : Set.of("STOPPED", "EXITED").contains(to);
        boolean failed = to.equals("FATAL");
        if (!settled && !failed) {
            return;
        }
        synchronized (printed) {
            if (printed.containsKey(name)) {
                return;
            }
            printed.put(name, settled);
            Object reason = event.get("reason");
            root.out().println(settled ? name + ": " + done
                    : name + ": ERROR (FATAL" + (reason == null ? "" : ": " + reason) + ")");
            root.out().flush();
        }
    }

    /** {@code restart all: 200 processes, 198 restarted, 2 failed (web:3, db:1) in 4.2 s}. */
    static void summary(PrintWriter out, String verb, String done, int total, List<String> failed, long millis) {
        StringBuilder b = new StringBuilder(verb).append(" all: ");
        b.append(total).append(total == 1 ? " process, " : " processes, ").append(total - failed.size()).append(' ').append(done);
        if (!failed.isEmpty()) {
            b.append(", ").append(failed.size()).append(" failed (")
                    .append(String.join(", ", failed.size() > 10 ? failed.subList(0, 10) : failed))
                    .append(failed.size() > 10 ? ", …" : "").append(')');
        }
        b.append(" in ").append(millis / 1000).append('.').append(millis % 1000 / 100).append(" s");
        out.println(b);
        out.flush();
    }
}
