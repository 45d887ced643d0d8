package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.JsonReport;
import io.jsuper.jsuperctl.Jsuperctl;

import java.util.Map;

/** Shared by incr, decr and numprocesses: one {@code POST /services/NAME/scale}, then {@code web: 3 processes}. */
final class Scaling {
    private Scaling() {
    }

    /** {@code field} is {@code by} (relative) or {@code numprocesses} (absolute). */
    static int run(Jsuperctl root, String name, String field, int count) {
        ApiClient.Response r = root.client()
                .post("/services/" + ApiClient.segment(name) + "/scale", Json.write(Map.of(field, String.valueOf(count))))
                .orFail();
        if (root.json()) {
            return new JsonReport().putAll(r.json()).print(root.out(), ExitCodes.OK);
        } else {
            root.out().println(name + ": " + Json.num(r.json(), "numprocesses", 0) + " processes");
        }
        return ExitCodes.OK;
    }
}
