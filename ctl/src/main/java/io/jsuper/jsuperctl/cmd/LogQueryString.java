package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds log request paths and prints their JSON answers as plain lines (shared by tail, grep, maintail). */
final class LogQueryString {
    private LogQueryString() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code /services/NAME/log} or {@code /log} for the daemon (name null). */
    static String base(String name) {
        return name == null ? "/log" : "/services/" + ApiClient.segment(name) + "/log";
    }

    /** Prints the answer's lines; returns how many there were. */
    @SuppressWarnings("unchecked")
    static int printLines(ApiClient.Response r, PrintWriter out, PrintWriter err) {
        Map<String, Object> body = r.json();
        Object lines = body.get("lines");
        int n = 0;
        if (lines instanceof List<?> list) {
            for (Object line : list) {
                out.println(line);
                n++;
            }
        }
        if (Boolean.TRUE.equals(body.get("truncated"))) {
            err.println("jsuperctl: answer cut at its size limit; ask for fewer lines");
        }
        Object stopped = body.get("stopped");
        if (stopped != null) {
            err.println("jsuperctl: search incomplete: " + stopped);
        }
        out.flush();
        return n;
    }
}
