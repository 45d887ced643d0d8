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
    private final RemoteCommEvents remoteEvents;
    private final String version;
    private final Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods = new LinkedHashMap<>();

    public SupervisorRpc(SupervisorControl control, String version) {
        this(control, RemoteCommEvents.NONE, version);
    }

    /** {@code remoteEvents}: where {@code sendRemoteCommEvent} publishes (the daemon's listener pools). */
    public SupervisorRpc(SupervisorControl control, RemoteCommEvents remoteEvents, String version) {
        this.control = control;
        this.remoteEvents = remoteEvents;
        this.version = version;
        register();
    }

    private void register() {
        methods.put("system.listMethods", c -> done(new ArrayList<>(methods.keySet())));
        methods.put("system.methodHelp", c -> known(c.string(0), RemoteCommRpc.METHOD.equals(c.string(0))
                ? RemoteCommRpc.HELP : "see supervisord's XML-RPC documentation; "
                + "what jsuperd does differently is in docs/compatibility.md"));
        methods.put("system.methodSignature", c -> known(c.string(0), RemoteCommRpc.METHOD.equals(c.string(0))
                ? RemoteCommRpc.SIGNATURE : List.of("undef")));
        methods.put("system.multicall", this::multicall);
        methods.put("supervisor.getAPIVersion", c -> done(API_VERSION));
        methods.put("supervisor.getVersion", c -> done(API_VERSION));
        methods.put("supervisor.getSupervisorVersion", c -> done(version));
        methods.put("supervisor.getIdentification", c -> done("supervisor"));
        methods.put("supervisor.getState", c -> done(Map.of("statecode", 1, "statename", "RUNNING")));
        methods.put("supervisor.getPID", c -> done((int) ProcessHandle.current().pid()));
        new ProcessRpc(control).register(methods);
        new ConfigRpc(control).register(methods);
        new ClearRpc(control).register(methods);
        new LogRpc(control).register(methods);
        new RemoteCommRpc(remoteEvents).register(methods);
        methods.put("supervisor.shutdown", c -> {
            control.shutdown();
            return done(true);
        });
        // supervisorctl reload: the daemon starts afresh in the same process (pid kept, as supervisord's)
        methods.put("supervisor.restart", c -> control.restartDaemon().thenApply(v -> (Object) true));
    }

    /** supervisord's system methods answer SIGNATURE_UNSUPPORTED for a method they do not know. */
    private CompletableFuture<Object> known(String method, Object answer) {
        if (!methods.containsKey(method)) {
            throw new XmlRpcFault(XmlRpcFault.SIGNATURE_UNSUPPORTED, "SIGNATURE_UNSUPPORTED", method);
        }
        return done(answer);
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

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }
}
