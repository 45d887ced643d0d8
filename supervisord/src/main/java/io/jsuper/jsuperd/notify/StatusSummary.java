package io.jsuper.jsuperd.notify;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The one-line {@code STATUS=} text systemctl shows: "12 running, 1 backoff" (states with no process left out). */
public final class StatusSummary {

    private StatusSummary() {
    }

    public static String of(List<ProcessInfo> processes) {
        if (processes.isEmpty()) {
            return "no watchers";
        }
        Map<ProcessState, Integer> counts = new EnumMap<>(ProcessState.class);
        for (ProcessInfo p : processes) {
            counts.merge(p.state(), 1, Integer::sum);
        }
        StringJoiner line = new StringJoiner(", ");
        // RUNNING first: it is what an operator looks for; the rest in the enum's order.
        Integer running = counts.remove(ProcessState.RUNNING);
        if (running != null) {
            line.add(running + " running");
        }
        counts.forEach((state, n) -> line.add(n + " " + state.name().toLowerCase(Locale.ROOT)));
        return line.toString();
    }
}
