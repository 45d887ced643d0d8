package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.os.Signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * supervisord's process methods: info, start/stop of one process, a group or all, signals, stdin. jsuper starts,
 * stops and signals watchers: a process of a many-process watcher stands for its watcher (for a supervisord
 * file each program process is its own watcher, so this is exact). Group and all calls act on the processes
 * supervisord would (start: those not running; stop and signal: those running) and answer one result each.
 */
final class ProcessRpc {

    private final SupervisorControl control;

    ProcessRpc(SupervisorControl control) {
        this.control = control;
    }

    void register(Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods) {
        // sorted by group, then name, as supervisord does (supervisorctl shows them in this order)
        methods.put("supervisor.getAllProcessInfo", c -> view().thenApply(v -> (Object) v.all().stream()
                .map(p -> ProcessStructs.struct(p, v, now()))
                .sorted(Comparator.comparing((Map<String, Object> m) -> (String) m.get("group"))
                        .thenComparing(m -> (String) m.get("name")))
                .toList()));
        methods.put("supervisor.getProcessInfo", c -> view().thenApply(v ->
                (Object) ProcessStructs.struct(v.process(c.string(0)), v, now())));
        methods.put("supervisor.startProcess", c -> one(c, control::start, p -> !p.state().hasChild()));
        methods.put("supervisor.stopProcess", c -> one(c, control::stop, p -> p.state().hasChild()));
        methods.put("supervisor.startProcessGroup", c -> each(c.string(0), c.flag(1, true), control::start,
                p -> !p.state().hasChild()));
        methods.put("supervisor.stopProcessGroup", c -> each(c.string(0), c.flag(1, true), control::stop,
                p -> p.state().hasChild()));
        methods.put("supervisor.startAllProcesses", c -> each("all", c.flag(0, true), control::start,
                p -> !p.state().hasChild()));
        methods.put("supervisor.stopAllProcesses", c -> each("all", c.flag(0, true), control::stop,
                p -> p.state().hasChild()));
        methods.put("supervisor.signalProcess", c -> signalOne(c.string(0), signalOf(c, 1)));
        methods.put("supervisor.signalProcessGroup", c -> signalEach(c.string(0), signalOf(c, 1)));
        methods.put("supervisor.signalAllProcesses", c -> signalEach("all", signalOf(c, 0)));
        methods.put("supervisor.sendProcessStdin", this::sendStdin);
    }

    private CompletableFuture<SupervisordView> view() {
        return SupervisordView.of(control);
    }

    /** One process, or with {@code GROUP:*} its whole group (supervisord then answers true as well). */
    private CompletableFuture<Object> one(XmlRpcCall c, BiFunction<String, Boolean, CompletableFuture<List<ProcessInfo>>> action,
                                          Predicate<ProcessInfo> needed) {
        String spec = c.string(0);
        boolean wait = c.flag(1, true);
        if (SupervisordView.wholeGroup(spec)) {
            return each(SupervisordView.groupPart(spec), wait, action, needed).thenApply(r -> true);
        }
        return view().thenCompose(v -> action.apply(v.process(spec).watcher(), wait)).thenApply(infos -> true);
    }

    /** The watchers of the chosen processes, one after the other; a failure becomes that process's result. */
    private CompletableFuture<Object> each(String group, boolean wait,
                                           BiFunction<String, Boolean, CompletableFuture<List<ProcessInfo>>> action,
                                           Predicate<ProcessInfo> needed) {
        return view().thenCompose(v -> {
            List<ProcessInfo> members = v.inGroup(group);
            if (members.isEmpty() && !group.equals("all")) {
                throw new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", group);
            }
            List<ProcessInfo> chosen = members.stream().filter(needed).toList();
            Map<String, XmlRpcFault> failed = new LinkedHashMap<>();
            CompletableFuture<?> done = CompletableFuture.completedFuture(null);
            for (String watcher : chosen.stream().map(ProcessInfo::watcher).distinct().toList()) {
                done = done.thenCompose(x -> action.apply(watcher, wait).handle((ok, err) -> {
                    if (err != null) {
                        failed.put(watcher, SupervisorRpc.fault(err));
                    }
                    return null;
                }));
            }
            return done.thenApply(x -> (Object) results(v, chosen, p -> failed.get(p.watcher())));
        });
    }

    private CompletableFuture<Object> signalOne(String spec, Signal sig) {
        if (SupervisordView.wholeGroup(spec)) {
            return signalEach(SupervisordView.groupPart(spec), sig).thenApply(r -> true);
        }
        return view().thenCompose(v -> {
            ProcessInfo p = v.process(spec);
            if (!p.state().hasChild()) {
                throw new XmlRpcFault(XmlRpcFault.NOT_RUNNING, "NOT_RUNNING", spec);
            }
            return control.signal(p.watcher(), sig);
        }).thenApply(infos -> true);
    }

    /** supervisord's per-process results: one for each running process signalled (the others are left out). */
    private CompletableFuture<Object> signalEach(String group, Signal sig) {
        return view().thenCompose(v -> {
            List<ProcessInfo> members = v.inGroup(group);
            if (members.isEmpty()) {
                throw new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", group);
            }
            List<ProcessInfo> running = members.stream().filter(p -> p.pid() > 0 && p.state().hasChild()).toList();
            Map<String, XmlRpcFault> failed = new LinkedHashMap<>();
            CompletableFuture<?> sent = CompletableFuture.completedFuture(null);
            for (String watcher : running.stream().map(ProcessInfo::watcher).distinct().toList()) {
                sent = sent.thenCompose(x -> control.signal(watcher, sig).handle((ok, err) -> {
                    if (err != null) {
                        failed.put(watcher, SupervisorRpc.fault(err));
                    }
                    return null;
                }));
            }
            return sent.thenApply(x -> (Object) results(v, running, p -> failed.get(p.watcher())));
        });
    }

    private static List<Object> results(SupervisordView v, List<ProcessInfo> processes,
                                        Function<ProcessInfo, XmlRpcFault> faultOf) {
        List<Object> out = new ArrayList<>();
        for (ProcessInfo p : processes) {
            XmlRpcFault f = faultOf.apply(p);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", v.name(p));
            r.put("group", v.group(p));
            r.put("status", f == null ? XmlRpcFault.SUCCESS : f.code());
            r.put("description", f == null ? "OK" : f.getMessage());
            out.add(r);
        }
        return out;
    }

    /** jsuper's children read /dev/null: a running process has no stdin to write to (NO_FILE, as a closed one). */
    private CompletableFuture<Object> sendStdin(XmlRpcCall c) {
        String spec = c.string(0);
        if (!(c.params().size() > 1 && (c.params().get(1) instanceof String || c.params().get(1) instanceof byte[]))) {
            throw new XmlRpcFault(XmlRpcFault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "chars must be a string");
        }
        return view().thenApply(v -> {
            ProcessInfo p = v.process(spec);
            if (p.pid() <= 0 || !p.state().hasChild()) {
                throw new XmlRpcFault(XmlRpcFault.NOT_RUNNING, "NOT_RUNNING", spec);
            }
            throw new XmlRpcFault(XmlRpcFault.NO_FILE, "NO_FILE", spec + ": jsuperd gives its processes /dev/null as "
                    + "stdin, so nothing can be sent to them");
        });
    }

    private static Signal signalOf(XmlRpcCall c, int index) {
        Object v = c.params().size() > index ? c.params().get(index) : null;
        String text = v == null ? "" : v.toString();
        return Signal.parse(text).orElseThrow(() -> new XmlRpcFault(XmlRpcFault.BAD_SIGNAL, "BAD_SIGNAL", text));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
