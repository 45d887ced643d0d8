package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * jsuper's processes under supervisord's names. A process's group is its watcher's {@code group} (a supervisord
 * {@code [program:x]} is group x, {@code [group:g]} moves its programs to g), else the watcher itself. A
 * one-process watcher's process has the watcher's name ({@code web}), a process of a bigger watcher is
 * {@code web_2}. {@code GROUP:NAME} and {@code GROUP:*} as supervisord splits them; a bare name is also looked
 * up across groups (supervisord would want {@code GROUP:NAME} there), and the watcher's name is accepted in
 * place of the group (event listeners get it as {@code groupname}). {@code logdir}: where default log files
 * go (null without a config).
 */
record SupervisordView(List<ProcessInfo> all, Map<String, WatcherConfig> configs, Path logdir) {

    /** Without log files (names and groups only). */
    SupervisordView(List<ProcessInfo> all, Map<String, WatcherConfig> configs) {
        this(all, configs, null);
    }

    /** The processes now, with the config in force. */
    static CompletableFuture<SupervisordView> of(SupervisorControl control) {
        return control.status("all").thenApply(all -> {
            JsuperConfig config = config(control);
            return config == null ? new SupervisordView(all, Map.of())
                    : new SupervisordView(all, config.watchers(), config.daemon().logdir());
        });
    }

    private static JsuperConfig config(SupervisorControl control) {
        try {
            return control.config();
        } catch (ControlException e) {
            return null; // a control without a config (tests): every watcher is its own group
        }
    }

    /**
     * The current file of {@code p}'s {@code stream} ("stdout" or "stderr"), the one jsuperd writes now and the
     * log methods read; null when the stream goes to no file: to the console, stderr with {@code redirect_stderr},
     * or a process whose watcher a reload removed.
     */
    Path currentFile(ProcessInfo p, String stream) {
        WatcherConfig w = configs.get(p.watcher());
        if (w == null || logdir == null || (stream.equals("stderr") && w.redirectStderr())) {
            return null;
        }
        StreamConfig sc = stream.equals("stderr") ? w.stderr() : w.stdout();
        return sc.console() != null ? null : sc.fileFor(logdir, p.watcher(), p.wid(), stream);
    }

    /**
     * supervisord's {@code stdout_logfile} / {@code stderr_logfile} struct field: the current file's path,
     * {@code /dev/stdout} or {@code /dev/stderr} for a console stream (supervisord keeps the path as written),
     * "" for none (supervisord's NONE, and stderr with {@code redirect_stderr}).
     */
    String logfileField(ProcessInfo p, String stream) {
        Path file = currentFile(p, stream);
        if (file != null) {
            return file.toString();
        }
        WatcherConfig w = configs.get(p.watcher());
        if (w == null || (stream.equals("stderr") && w.redirectStderr())) {
            return "";
        }
        StreamConfig.Console console = (stream.equals("stderr") ? w.stderr() : w.stdout()).console();
        return console == null ? "" : ConfigRpc.consolePath(console);
    }

    String group(ProcessInfo p) {
        WatcherConfig w = configs.get(p.watcher());
        return w == null ? p.watcher() : w.monitoring().groupOr(p.watcher());
    }

    String name(ProcessInfo p) {
        return ProcessStructs.name(p, all);
    }

    int supervisordPriority(ProcessInfo p) {
        WatcherConfig w = configs.get(p.watcher());
        return w == null ? 0 : -w.priority();
    }

    /** The processes of group {@code group}, or of every group for {@code all}, in supervisord's order. */
    List<ProcessInfo> inGroup(String group) {
        boolean isGroup = all.stream().anyMatch(p -> group(p).equals(group));
        return all.stream().filter(p -> group.equals("all") || (isGroup ? group(p).equals(group) : p.watcher().equals(group)))
                .sorted(Comparator.comparingInt(this::supervisordPriority).thenComparing(this::group)
                        .thenComparing(this::name))
                .toList();
    }

    /** The process {@code spec} names; BAD_NAME when none (a {@code GROUP:*} names no single process). */
    ProcessInfo process(String spec) {
        int colon = spec.indexOf(':');
        String group = colon < 0 ? null : spec.substring(0, colon);
        String name = colon < 0 ? spec : spec.substring(colon + 1);
        List<ProcessInfo> found = all.stream().filter(p -> (group == null || group(p).equals(group)
                || p.watcher().equals(group)) && name(p).equals(name)).toList();
        if (found.size() != 1) { // none, or a bare name found in two groups
            throw new XmlRpcFault(XmlRpcFault.BAD_NAME, "BAD_NAME", spec);
        }
        return found.get(0);
    }

    /** True for {@code GROUP:*} and {@code GROUP:} (supervisord's whole group). */
    static boolean wholeGroup(String spec) {
        return spec.endsWith(":*") || spec.endsWith(":");
    }

    static String groupPart(String spec) {
        return spec.substring(0, spec.indexOf(':'));
    }
}
