package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * supervisord's config methods: {@code reloadConfig} (reread), {@code addProcessGroup} /
 * {@code removeProcessGroup} (add, remove and update, one watcher at a time, with ALREADY_ADDED and
 * STILL_RUNNING as supervisord answers) and {@code getAllConfigInfo} (avail) from the file as it is now.
 */
final class ConfigRpc {

    private final SupervisorControl control;

    ConfigRpc(SupervisorControl control) {
        this.control = control;
    }

    void register(Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods) {
        methods.put("supervisor.reloadConfig", c -> control.reloadConfig(true).thenApply(d ->
                (Object) List.of(List.of(d.added(), d.changed(), d.removed()))));
        methods.put("supervisor.addProcessGroup", c -> add(c.string(0)));
        methods.put("supervisor.removeProcessGroup", c -> remove(c.string(0)));
        methods.put("supervisor.getAllConfigInfo", c -> allConfigInfo());
    }

    private CompletableFuture<Object> add(String name) {
        return control.addOrRemove(name, true).handle((diff, err) -> {
            if (err != null) {
                throw ControlFaults.of(err, ErrorCode.ALREADY_STARTED, XmlRpcFault.ALREADY_ADDED, "ALREADY_ADDED");
            }
            return true;
        });
    }

    /** supervisord removes only a group whose processes are all stopped: STILL_RUNNING otherwise. */
    private CompletableFuture<Object> remove(String name) {
        return control.status(name).exceptionally(err -> {
            throw new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", name);
        }).thenCompose(infos -> {
            if (infos.stream().anyMatch(p -> p.state().hasChild())) {
                throw new XmlRpcFault(XmlRpcFault.STILL_RUNNING, "STILL_RUNNING", name);
            }
            return control.addOrRemove(name, false).thenApply(d -> (Object) true);
        });
    }

    /** One struct per process of every watcher of the file, sorted by name, {@code inuse} when loaded. */
    private CompletableFuture<Object> allConfigInfo() {
        return control.status("all").thenCombine(control.readConfigFile(), (running, file) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (WatcherConfig w : file.watchers().values()) {
                boolean inuse = running.stream().map(ProcessInfo::watcher).anyMatch(w.name()::equals);
                for (int wid = 1; wid <= w.numprocesses(); wid++) {
                    out.add(configInfo(file, w, wid, inuse));
                }
            }
            out.sort(Comparator.comparing(m -> (String) m.get("name")));
            return (Object) out;
        }).exceptionally(err -> {
            throw ControlFaults.of(err, ErrorCode.BAD_CONFIG, XmlRpcFault.CANT_REREAD, "CANT_REREAD");
        });
    }

    /** supervisord's fields; the priorities in supervisord's direction (jsuper's is the opposite). */
    static Map<String, Object> configInfo(JsuperConfig config, WatcherConfig w, int wid, boolean inuse) {
        Path logdir = config.daemon().logdir();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", w.autostart());
        m.put("directory", w.workingDir() == null ? "none" : w.workingDir().toString());
        m.put("uid", w.uid().orElse("none"));
        m.put("command", w.args() == null || w.args().isBlank() ? w.cmd() : w.cmd() + " " + w.args());
        m.put("exitcodes", w.exitcodes().stream().sorted().toList());
        m.put("group", w.monitoring().groupOr(w.name()));
        m.put("group_prio", -w.priority());
        m.put("inuse", inuse);
        m.put("killasgroup", true);
        m.put("name", w.numprocesses() == 1 ? w.name() : w.name() + "_" + wid);
        m.put("process_prio", -w.priority());
        m.put("redirect_stderr", w.redirectStderr());
        m.put("startretries", w.maxRetry());
        m.put("startsecs", (int) w.startsecs().toSeconds());
        stream(m, "stdout", w.stdout(), logdir, w, wid);
        m.put("stopsignal", w.stopSignal().number());
        m.put("stopwaitsecs", (int) w.gracefulTimeout().toSeconds());
        stream(m, "stderr", w.stderr(), logdir, w, wid);
        m.put("serverurl", "AUTO");
        return m;
    }

    /**
     * A stream's fields as supervisord reports them: the path as written, so {@code /dev/stdout} or {@code /dev/stderr}
     * for a console stream (which never rotates: max bytes 0, as supervisord requires for those paths), and
     * {@code none} for stderr with {@code redirect_stderr}.
     */
    private static void stream(Map<String, Object> m, String name, StreamConfig sc, Path logdir, WatcherConfig w, int wid) {
        boolean redirected = name.equals("stderr") && w.redirectStderr();
        boolean console = sc.console() != null && !redirected;
        m.put(name + "_capture_maxbytes", 0);
        m.put(name + "_events_enabled", false);
        m.put(name + "_logfile", redirected ? "none" : console ? consolePath(sc.console())
                : sc.fileFor(logdir, w.name(), wid, name).toString());
        m.put(name + "_logfile_backups", sc.backupCount());
        m.put(name + "_logfile_maxbytes", console ? 0 : sc.maxBytes());
        m.put(name + "_syslog", false);
    }

    static String consolePath(StreamConfig.Console console) {
        return console == StreamConfig.Console.STDOUT ? "/dev/stdout" : "/dev/stderr";
    }
}
