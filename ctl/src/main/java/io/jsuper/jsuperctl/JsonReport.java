package io.jsuper.jsuperctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shape of {@code --json} output (docs/cli.md#json-output): exactly one JSON object per command, on
 * one stdout line, with the command's fields, {@code "ok"} (true exactly when the exit code is 0) and, when
 * something failed, {@code "errors"}: {@code [{"name":…,"code":…,"message":…}]} with the same messages as
 * the stderr lines. Processes are always the API's process object, in {@code "services"}.
 */
public final class JsonReport {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<Map<String, Object>> errors = new ArrayList<>();

    public JsonReport put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** The fields of a daemon answer, as they are. */
    public JsonReport putAll(Map<String, Object> answer) {
        fields.putAll(answer);
        return this;
    }

    /** Appends to the list under {@code key} (several names' answers become one list). */
    @SuppressWarnings("unchecked")
    public JsonReport append(String key, List<?> items) {
        ((List<Object>) fields.computeIfAbsent(key, k -> new ArrayList<>())).addAll(items);
        return this;
    }

    /** A failure about one name (null when it is about the command as a whole). */
    public JsonReport error(String name, CtlException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("name", name);
        error.put("code", e.code());
        error.put("message", e.getMessage());
        errors.add(error);
        return this;
    }

    /** Prints the object with {@code ok} set from {@code exit}; returns {@code exit}. */
    public int print(PrintWriter out, int exit) {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("ok", exit == ExitCodes.OK);
        if (!errors.isEmpty()) {
            all.put("errors", errors);
        }
        out.println(Json.write(all));
        out.flush();
        return exit;
    }

    /** A command that failed as a whole (no daemon, an error answer): {@code {"ok":false,"errors":[…]}}. */
    public static void failure(PrintWriter out, CtlException e) {
        new JsonReport().error(null, e).print(out, e.exitCode());
    }
}
