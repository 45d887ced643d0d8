package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.logs.LogReaders;
import io.jsuper.jsuperd.api.logs.LogTarget;
import io.jsuper.jsuperd.api.logs.LogTargets;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.logs.LogFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * supervisord's {@code clearProcessLogs}, {@code clearAllProcessLogs} and {@code clearLog}: the current files
 * are emptied in place (backups stay, capture goes on, as after {@code copytruncate}); supervisord removes and
 * reopens them, which a reader holding the file sees the same way. Run on the log-read threads.
 */
final class ClearRpc {

    private final SupervisorControl control;

    ClearRpc(SupervisorControl control) {
        this.control = control;
    }

    void register(Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods) {
        methods.put("supervisor.clearProcessLogs", this::clearOne);
        methods.put("supervisor.clearProcessLog", this::clearOne);
        methods.put("supervisor.clearAllProcessLogs", c -> clearAll());
        methods.put("supervisor.clearLog", c -> clearMain());
    }

    private CompletableFuture<Object> clearOne(XmlRpcCall c) {
        String spec = c.string(0);
        return SupervisordView.of(control).thenCompose(view -> {
            ProcessInfo p = view.process(spec);
            JsuperConfig config = control.config();
            return LogReaders.SHARED.read(() -> {
                clear(config, p);
                return (Object) true;
            });
        });
    }

    /** Every process, in supervisord's order, each with its own SUCCESS or FAILED entry. */
    private CompletableFuture<Object> clearAll() {
        return SupervisordView.of(control).thenCompose(view -> {
            JsuperConfig config = control.config();
            return LogReaders.SHARED.read(() -> {
                List<Object> results = new ArrayList<>();
                for (ProcessInfo p : view.inGroup("all")) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("name", view.name(p));
                    r.put("group", view.group(p));
                    try {
                        clear(config, p);
                        r.put("status", XmlRpcFault.SUCCESS);
                        r.put("description", "OK");
                    } catch (XmlRpcFault f) {
                        r.put("status", f.code());
                        r.put("description", f.getMessage());
                    }
                    results.add(r);
                }
                return (Object) results;
            });
        });
    }

    private CompletableFuture<Object> clearMain() {
        Path file = control.config().daemon().logfile().orElse(null);
        return LogReaders.SHARED.read(() -> {
            if (file == null) {
                throw new XmlRpcFault(XmlRpcFault.NO_FILE, "NO_FILE", "jsuperd has no logfile");
            }
            truncate(file);
            return (Object) true;
        });
    }

    /**
     * Empties the process's current files. A console stream has none (LogTargets names no file for it): it is left
     * alone, where supervisord removes the path it was given and opens it again, which for {@code /dev/stdout} run
     * as root deletes the device link.
     */
    private static void clear(JsuperConfig config, ProcessInfo p) {
        WatcherConfig w = config.watchers().get(p.watcher());
        if (w == null) {
            return; // removed by a reload since the status was taken: nothing of it to clear
        }
        String target = p.watcher() + ":" + p.wid();
        List<LogTarget> targets = new ArrayList<>(LogTargets.of(config, target, "stdout"));
        if (!w.redirectStderr()) {
            targets.addAll(LogTargets.of(config, target, "stderr"));
        }
        for (LogTarget t : targets) {
            truncate(t.files().current());
        }
    }

    private static void truncate(Path file) {
        try {
            LogFiles.truncate(file);
        } catch (IOException e) {
            throw new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", file + ": " + e.getMessage());
        }
    }
}
