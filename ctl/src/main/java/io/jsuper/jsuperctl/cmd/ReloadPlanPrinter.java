package io.jsuper.jsuperctl.cmd;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Prints a reload plan with supervisorctl's words, one watcher per line. */
final class ReloadPlanPrinter {
    private ReloadPlanPrinter() {
    }

    static void print(PrintWriter out, Map<String, Object> plan, String added, String changed, String removed) {
        int lines = bucket(out, plan.get("added"), added) + bucket(out, plan.get("changed"), changed)
                + bucket(out, plan.get("removed"), removed);
        if (lines == 0) {
            out.println("No config updates to processes");
        }
    }

    private static int bucket(PrintWriter out, Object names, String word) {
        if (!(names instanceof List)) {
            return 0;
        }
        for (Object n : (List<?>) names) {
            out.println(n + ": " + word);
        }
        return ((List<?>) names).size();
    }
}
