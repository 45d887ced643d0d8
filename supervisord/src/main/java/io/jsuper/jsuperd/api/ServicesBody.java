package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.Goal;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {"services":[…]}} (and, after a wait, {@code "ok"} per process and for all), written field by field:
 * the same bytes as {@link JsonBodies#process} maps through Jackson, without a map, a boxed number or an
 * encoded key per field. {@code GET /services} is the call clients poll; building 19-key maps and encoding
 * their keys again was over half of its CPU.
 *
 * @param goal null for a plain list; else what a waiting command brought the processes to
 */
record ServicesBody(List<ProcessInfo> infos, Goal goal) implements DirectJson {
    private static final byte[] OPEN = JsonWriter.encoded("{\"services\":[");
    private static final byte[] WATCHER = JsonWriter.encoded("{\"watcher\":");
    private static final byte[] WID = JsonWriter.encoded(",\"wid\":");
    private static final byte[] NAME = JsonWriter.encoded(",\"name\":");
    private static final byte[] STATE = JsonWriter.encoded(",\"state\":");
    private static final byte[] PID = JsonWriter.encoded(",\"pid\":");
    private static final byte[] UPTIME = JsonWriter.encoded(",\"uptime_ms\":");
    private static final byte[] START_COUNT = JsonWriter.encoded(",\"start_count\":");
    private static final byte[] RESTARTS = JsonWriter.encoded(",\"restarts\":");
    private static final byte[] LAST_EXIT = JsonWriter.encoded(",\"last_exit\":");
    private static final byte[] LAST_SPAWN_ERROR = JsonWriter.encoded(",\"last_spawn_error\":");
    private static final byte[] REASON = JsonWriter.encoded(",\"reason\":");
    private static final byte[] BACKOFF = JsonWriter.encoded(",\"backoff_ms\":");
    private static final byte[] STDOUT_DROPPED = JsonWriter.encoded(",\"output\":{\"stdout_dropped_bytes\":");
    private static final byte[] STDERR_DROPPED = JsonWriter.encoded(",\"stderr_dropped_bytes\":");
    private static final byte[] CPU = JsonWriter.encoded(",\"cpu_usec\":");
    private static final byte[] MEMORY = JsonWriter.encoded(",\"memory_bytes\":");
    private static final byte[] MEMORY_PEAK = JsonWriter.encoded(",\"memory_peak_bytes\":");
    private static final byte[] TASKS = JsonWriter.encoded(",\"tasks\":");
    private static final byte[] PROBES = JsonWriter.encoded(",\"probes\":");
    private static final byte[] RELEASE = JsonWriter.encoded(",\"release\":");
    private static final byte[] OK = JsonWriter.encoded(",\"ok\":");
    /** Each state's name as a JSON string, by ordinal. */
    private static final byte[][] STATES = new byte[ProcessState.values().length][];

    static {
        for (ProcessState s : ProcessState.values()) {
            STATES[s.ordinal()] = JsonWriter.encoded("\"" + s.name() + "\"");
        }
    }

    /** The plain status list. */
    ServicesBody(List<ProcessInfo> infos) {
        this(infos, null);
    }

    @Override
    public void writeTo(JsonWriter w) throws JsonWriter.Unsupported {
        w.raw(OPEN);
        boolean all = true;
        for (int i = 0; i < infos.size(); i++) {
            if (i > 0) {
                w.put(',');
            }
            ProcessInfo p = infos.get(i);
            fields(w, p);
            if (goal != null) {
                boolean ok = goal.reachedBy(p.state());
                w.raw(OK);
                w.bool(ok);
                all &= ok;
            }
            w.put('}');
        }
        w.put(']');
        if (goal != null) {
            w.raw(OK);
            w.bool(all);
        }
        w.put('}');
    }

    /** One process's fields in {@link JsonBodies#process}'s order, without the closing brace. */
    private static void fields(JsonWriter w, ProcessInfo p) throws JsonWriter.Unsupported {
        w.raw(WATCHER);
        w.string(p.watcher());
        w.raw(WID);
        w.number(p.wid());
        w.raw(NAME);
        w.displayName(p.watcher(), p.wid()); // p.displayName() without building the string
        w.raw(STATE);
        if (p.state() == null) {
            w.nullValue();
        } else {
            w.raw(STATES[p.state().ordinal()]);
        }
        w.raw(PID);
        w.number(p.pid());
        w.raw(UPTIME);
        w.number(p.uptimeMillis());
        w.raw(START_COUNT);
        w.number(p.startCount());
        w.raw(RESTARTS);
        w.number(p.restarts());
        w.raw(LAST_EXIT);
        nullable(w, p.lastExit());
        w.raw(LAST_SPAWN_ERROR);
        nullable(w, p.lastSpawnError());
        w.raw(REASON);
        nullable(w, p.reason());
        w.raw(BACKOFF);
        w.number(p.backoffMillis());
        w.raw(STDOUT_DROPPED);
        w.number(p.output().stdoutDroppedBytes());
        w.raw(STDERR_DROPPED);
        w.number(p.output().stderrDroppedBytes());
        w.put('}');
        usage(w, p);
        if (!p.probes().isEmpty()) {
            w.raw(PROBES);
            w.value(JsonBodies.probes(p.probes(), System.currentTimeMillis()));
        }
        if (p.release() != null) {
            w.raw(RELEASE);
            w.string(p.release());
        }
    }

    private static void usage(JsonWriter w, ProcessInfo p) {
        optional(w, CPU, p.usage().cpuUsec());
        optional(w, MEMORY, p.usage().memoryBytes());
        optional(w, MEMORY_PEAK, p.usage().memoryPeakBytes());
        optional(w, TASKS, p.usage().tasks());
    }

    /** A usage figure is left out when unknown (negative). */
    private static void optional(JsonWriter w, byte[] key, long value) {
        if (value >= 0) {
            w.raw(key);
            w.number(value);
        }
    }

    private static void nullable(JsonWriter w, String s) throws JsonWriter.Unsupported {
        if (s == null) {
            w.nullValue();
        } else {
            w.string(s);
        }
    }

    /** The same answer as maps and lists ({@link JsonBodies#process} per process). */
    @Override
    public Object plain() {
        List<Object> list = new ArrayList<>(infos.size());
        boolean all = true;
        for (ProcessInfo p : infos) {
            Map<String, Object> m = JsonBodies.process(p);
            if (goal != null) {
                boolean ok = goal.reachedBy(p.state());
                m.put("ok", ok);
                all &= ok;
            }
            list.add(m);
        }
        if (goal == null) {
            return Map.of("services", list);
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("services", list);
        body.put("ok", all);
        return body;
    }
}
