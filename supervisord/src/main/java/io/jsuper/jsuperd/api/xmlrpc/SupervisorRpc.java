package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.os.Signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code supervisor.*} and {@code system.*} methods of supervisord's XML-RPC interface (API version 3.0)
 * that {@code supervisorctl} and common tools call, on jsuper's control facade. Faults use supervisord's codes.
 */
public final class SupervisorRpc {

    static final String API_VERSION = "3.0";
    static final int MAX_MULTICALL = 100;

    private final SupervisorControl control;
    private final String version;
    private final Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods = new LinkedHashMap<>();

    public SupervisorRpc(SupervisorControl control, String version) {
        this.control = control;
        this.version = version;
        register();
    }

    private void register() {
        methods.put("system.listMethods", c -> done(new ArrayList<>(methods.keySet())));
        methods.put("system.methodHelp", c -> known(c.string(0), "see supervisord's XML-RPC documentation; "
                + "what jsuperd does differently is in docs/compatibility.md"));
        methods.put("system.methodSignature", c -> known(c.string(0), List.of("undef")));
        methods.put("system.multicall", this::multicall);
        methods.put("supervisor.getAPIVersion", c -> done(API_VERSION));
        methods.put("supervisor.getVersion", c -> done(API_VERSION));
        methods.put("supervisor.getSupervisorVersion", c -> done(version));
        methods.put("supervisor.getIdentification", c -> done("supervisor"));
        methods.put("supervisor.getState", c -> done(Map.of("statecode", 1, "statename", "RUNNING")));
        methods.put("supervisor.getPID", c -> done((int) ProcessHandle.current().pid()));
        // sorted by group, then name, as supervisord does (supervisorctl shows them in this order)
        methods.put("supervisor.getAllProcessInfo", c -> all().thenApply(all -> (Object) all.stream()
                .map(p -> ProcessStructs.struct(p, all, now()))
                .sorted(java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("group"))
                        .thenComparing(m -> (String) m.get("name")))
                .toList()));
        methods.put("supervisor.getProcessInfo", c -> all().thenApply(all -> one(c.string(0), all)));
        methods.put("supervisor.startProcess", c -> lifecycle(c, control::start));
        methods.put("supervisor.stopProcess", c -> lifecycle(c, control::stop));
        methods.put("supervisor.startProcessGroup", c -> group(c, c.string(0), control::start));
        methods.put("supervisor.stopProcessGroup", c -> group(c, c.string(0), control::stop));
        methods.put("supervisor.startAllProcesses", c -> group(c, "all", control::start));
        methods.put("supervisor.stopAllProcesses", c -> group(c, "all", control::stop));
        methods.put("supervisor.signalProcess", c -> signal(c, false));
        methods.put("supervisor.signalProcessGroup", c -> signal(c, true));
        methods.put("supervisor.signalAllProcesses", c -> signalAll(c));
        new ConfigRpc(control).register(methods);
        new ClearRpc(control).register(methods);
        new LogRpc(control).register(methods);
        methods.put("supervisor.shutdown", c -> {
            control.shutdown();
            return done(true);
        });
        // supervisorctl reload: the daemon starts afresh in the same process (pid kept, as supervisord's)
        methods.put("supervisor.restart", c -> control.restartDaemon().thenApply(v -> (Object) true));
        methods.put("supervisor.sendProcessStdin", this::sendStdin);
    }

    /** supervisord's system methods answer SIGNATURE_UNSUPPORTED for a method they do not know. */
    private CompletableFuture<Object> known(String method, Object answer) {
        if (!methods.containsKey(method)) {
            throw new XmlRpcFault(XmlRpcFault.SIGNATURE_UNSUPPORTED, "SIGNATURE_UNSUPPORTED", method);
        }
        return done(answer);
    }

    /** jsuper's children read /dev/null: a running process has no stdin to write to (NO_FILE, as a closed one). */
    private CompletableFuture<Object> sendStdin(XmlRpcCall c) {
        String spec = c.string(0);
        if (!(c.params().size() > 1 && (c.params().get(1) instanceof String || c.params().get(1) instanceof byte[]))) {
            throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "chars must be a string");
        }
        return all().thenApply(all -> {
            ProcessInfo p = ProcessStructs.processOf(spec, all);
            if (p.pid() <= 0 || !p.state().hasChild()) {
                throw new XmlRpcFault(XmlRpcFault.NOT_RUNNING, "NOT_RUNNING", spec);
            }
            throw new XmlRpcFault(XmlRpcFault.NO_FILE, "NO_FILE", spec + ": jsuperd gives its processes /dev/null as "
                    + "stdin, so nothing can be sent to them");
        });
    }

    /** Runs one call; every failure becomes an {@link XmlRpcFault}. */
    public CompletableFuture<Object> call(XmlRpcCall call) {
        Function<XmlRpcCall, CompletableFuture<Object>> m = methods.get(call.method());
        if (m == null) {
            return CompletableFuture.failedFuture(new XmlRpcFault(XmlRpcFault.UNKNOWN_METHOD, "UNKNOWN_METHOD",
                    call.method() + " is not served by jsuperd (see docs/compatibility.md)"));
        }
        try {
            return m.apply(call).exceptionallyCompose(e -> CompletableFuture.failedFuture(fault(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(fault(e));
        }
    }

    private CompletableFuture<List<ProcessInfo>> all() {
        return control.status("all");
    }

    private static Object one(String spec, List<ProcessInfo> all) {
        String watcher = ProcessStructs.watcherOf(spec, all).orElseThrow(() -> badName(spec));
        int colon = spec.indexOf(':');
        String process = colon < 0 ? spec : spec.substring(colon + 1);
        return all.stream().filter(p -> p.watcher().equals(watcher) && ProcessStructs.name(p, all).equals(process))
                .findFirst().map(p -> (Object) ProcessStructs.struct(p, all, now())).orElseThrow(() -> badName(spec));
    }

    /** A process of a many-process watcher stands for its watcher: jsuper starts and stops watchers. */
    private CompletableFuture<Object> lifecycle(XmlRpcCall c,
                                                BiFunction<String, Boolean, CompletableFuture<List<ProcessInfo>>> action) {
        String spec = c.string(0);
        boolean wait = c.flag(1, true);
        return all().thenCompose(all -> {
            String watcher = ProcessStructs.watcherOf(spec, all).orElseThrow(() -> badName(spec));
            return action.apply(watcher, wait);
        }).thenApply(infos -> true);
    }

    private CompletableFuture<Object> group(XmlRpcCall c, String name,
                                            BiFunction<String, Boolean, CompletableFuture<List<ProcessInfo>>> action) {
        boolean wait = c.flag(name.equals("all") ? 0 : 1, true);
        return action.apply(name, wait).thenCompose(ignored -> all()).thenApply(all -> (Object) all.stream()
                .filter(p -> name.equals("all") || p.watcher().equals(name))
                .map(p -> Map.<String, Object>of("name", ProcessStructs.name(p, all), "group", p.watcher(),
                        "status", 80, "description", "OK"))
                .toList());
    }

    private CompletableFuture<Object> signal(XmlRpcCall c, boolean wholeGroup) {
        String spec = c.string(0);
        Signal sig = signalOf(c, 1);
        if (wholeGroup) {
            return signalEach(sig, spec);
        }
        return all().thenCompose(all -> {
            String watcher = ProcessStructs.watcherOf(spec, all).orElseThrow(() -> badName(spec));
            return control.signal(watcher, sig);
        }).thenApply(infos -> true);
    }

    private CompletableFuture<Object> signalAll(XmlRpcCall c) {
        return signalEach(signalOf(c, 0), "all");
    }

    /** supervisord's per-process results: SUCCESS for each running process signalled, NOT_RUNNING for the others. */
    private CompletableFuture<Object> signalEach(Signal sig, String scope) {
        return all().thenCompose(all -> {
            // supervisord's order: by priority (the lowest of supervisord's first, i.e. jsuper's highest), then name
            Map<String, io.jsuper.jsuperd.config.WatcherConfig> configs = configuredWatchers();
            java.util.function.ToIntFunction<ProcessInfo> prio = p -> {
                var w = configs.get(p.watcher());
                return w == null ? 0 : -w.priority();
            };
            List<ProcessInfo> chosen = all.stream().filter(p -> scope.equals("all") || p.watcher().equals(scope))
                    .sorted(java.util.Comparator.comparingInt(prio).thenComparing(ProcessInfo::watcher)
                            .thenComparingInt(ProcessInfo::wid)).toList();
            if (chosen.isEmpty()) {
                throw badName(scope);
            }
            List<Object> results = new ArrayList<>();
            CompletableFuture<?> sent = CompletableFuture.completedFuture(null);
            for (String watcher : chosen.stream().filter(p -> p.pid() > 0).map(ProcessInfo::watcher).distinct().toList()) {
                sent = sent.thenCompose(x -> control.signal(watcher, sig).exceptionally(err -> List.of()));
            }
            for (ProcessInfo p : chosen) {
                boolean running = p.pid() > 0;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", ProcessStructs.name(p, all));
                r.put("group", p.watcher());
                r.put("status", running ? XmlRpcFault.SUCCESS : XmlRpcFault.NOT_RUNNING);
                r.put("description", running ? "OK" : "NOT_RUNNING");
                results.add(r);
            }
            return sent.thenApply(x -> (Object) results);
        });
    }

    private Map<String, io.jsuper.jsuperd.config.WatcherConfig> configuredWatchers() {
        try {
            return control.config().watchers();
        } catch (ControlException e) {
            return Map.of(); // a control without a config (tests): name order only
        }
    }

    private static Signal signalOf(XmlRpcCall c, int index) {
        Object v = c.params().size() > index ? c.params().get(index) : null;
        String text = v == null ? "" : v.toString();
        return Signal.parse(text).orElseThrow(() -> new XmlRpcFault(XmlRpcFault.BAD_SIGNAL, "BAD_SIGNAL", text));
    }

    /** Each call's result wrapped in a one-element array, or its fault as a struct, as supervisord does. */
    private CompletableFuture<Object> multicall(XmlRpcCall c) {
        Object first = c.params().isEmpty() ? null : c.params().get(0);
        if (!(first instanceof List<?> calls) || calls.size() > MAX_MULTICALL) {
            throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS",
                    "system.multicall takes one array of at most " + MAX_MULTICALL + " calls");
        }
        CompletableFuture<List<Object>> results = CompletableFuture.completedFuture(new ArrayList<>());
        for (Object entry : calls) {
            results = results.thenCompose(list -> one(entry).handle((ok, err) -> {
                list.add(err == null ? List.of(ok) : faultStruct(err));
                return list;
            }));
        }
        return results.thenApply(list -> list);
    }

    private CompletableFuture<Object> one(Object entry) {
        if (!(entry instanceof Map<?, ?> m) || !(m.get("methodName") instanceof String name)
                || name.equals("system.multicall")) {
            return CompletableFuture.failedFuture(new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS,
                    "INCORRECT_PARAMETERS", "each call is {methodName, params}, and does not nest multicall"));
        }
        Object params = m.get("params");
        return call(new XmlRpcCall(name, params instanceof List<?> l ? new ArrayList<>(l) : List.of()));
    }

    static Map<String, Object> faultStruct(Throwable err) {
        XmlRpcFault f = fault(err);
        return Map.of("faultCode", f.code(), "faultString", f.getMessage());
    }

    /** jsuper's error codes as supervisord's faults. */
    static XmlRpcFault fault(Throwable err) {
        Throwable t = err;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof XmlRpcFault f) {
            return f;
        }
        if (t instanceof ControlException ce) {
            return switch (ce.code()) {
                case BAD_NAME -> new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", ce.getMessage());
                case ALREADY_STARTED -> new XmlRpcFault(XmlRpcFault.ALREADY_STARTED, "ALREADY_STARTED", ce.getMessage());
                case NOT_RUNNING -> new XmlRpcFault(XmlRpcFault.NOT_RUNNING, "NOT_RUNNING", ce.getMessage());
                case SPAWN_ERROR -> new XmlRpcFault(XmlRpcFault.SPAWN_ERROR, "SPAWN_ERROR", ce.getMessage());
                case SUPERSEDED -> new XmlRpcFault(XmlRpcFault.ABNORMAL_TERMINATION, "ABNORMAL_TERMINATION",
                        ce.getMessage());
                case SHUTTING_DOWN -> new XmlRpcFault(XmlRpcFault.SHUTDOWN_STATE, "SHUTDOWN_STATE", ce.getMessage());
                case BAD_CONFIG -> new XmlRpcFault(XmlRpcFault.CANT_REREAD, "CANT_REREAD", ce.getMessage());
                default -> new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", ce.getMessage());
            };
        }
        return new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", String.valueOf(t.getMessage()));
    }

    private static XmlRpcFault badName(String spec) {
        return new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", spec);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }
}
