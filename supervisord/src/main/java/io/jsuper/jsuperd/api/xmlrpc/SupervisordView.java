package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

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
 * place of the group (event listeners get it as {@code groupname}).
 */
record SupervisordView(List<ProcessInfo> all, Map<String, WatcherConfig> configs) {

    /** The processes now, with the config in force. */
    static CompletableFuture<SupervisordView> of(SupervisorControl control) {
        return control.status("all").thenApply(all -> new SupervisordView(all, configs(control)));
    }

    private static Map<String, WatcherConfig> configs(SupervisorControl control) {
        try {
            return control.config().watchers();
        } catch (ControlException e) {
            return Map.of(); // a control without a config (tests): every watcher is its own group
        }
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
