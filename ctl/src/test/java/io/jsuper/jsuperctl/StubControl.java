package io.jsuper.jsuperctl;

import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.Signal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A fixed process table standing in for the supervisor core; records calls. */
final class StubControl implements SupervisorControl {
    final Map<String, List<ProcessInfo>> watchers = new LinkedHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile ControlException failNext;
    volatile ConfigDiff plan = new ConfigDiff(List.of("new"), List.of("web"), List.of("old"), List.of(), false);

    StubControl() {
        watchers.put("web", List.of(
                new ProcessInfo("web", 1, ProcessState.RUNNING, 1234, 62_000, 1, 0, null, null, null),
                new ProcessInfo("web", 2, ProcessState.RUNNING, 1235, 62_000, 1, 0, null, null, null)));
        watchers.put("db", List.of(new ProcessInfo("db", 1, ProcessState.FATAL, 0, 0, 3, 2, "exit 1", null,
                "Exited too quickly")));
    }

    private CompletableFuture<List<ProcessInfo>> answer(String call, String name) {
        calls.add(call);
        ControlException f = failNext;
        failNext = null;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        if ("all".equals(name)) {
            List<ProcessInfo> all = new ArrayList<>();
            watchers.values().forEach(all::addAll);
            return CompletableFuture.completedFuture(all);
        }
        List<ProcessInfo> infos = watchers.get(name);
        return infos == null
                ? CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + name))
                : CompletableFuture.supplyAsync(() -> infos);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> status(String name) {
        return answer("status " + name, name);
    }

    @Override
    public CompletableFuture<List<String>> watcherNames() {
        return CompletableFuture.completedFuture(List.copyOf(watchers.keySet()));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> start(String name, boolean wait) {
        return answer("start " + name + " wait=" + wait, name);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> stop(String name, boolean wait) {
        // a stop that waited answers with stopped processes, as the daemon does
        return answer("stop " + name + " wait=" + wait, name).thenApply(infos -> infos.stream()
                .map(p -> new ProcessInfo(p.watcher(), p.wid(), ProcessState.STOPPED, 0, 0, p.startCount(), p.restarts(),
                        p.lastExit(), p.lastSpawnError(), null)).toList());
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait) {
        return answer("restart " + name + " wait=" + wait, name);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait) {
        return answer("reload " + name + " wait=" + wait, name);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> signal(String name, Signal signal) {
        return answer("signal " + name + " " + signal, name);
    }

    @Override
    public CompletableFuture<ConfigDiff> reloadConfig(boolean dryRun) {
        calls.add("reloadConfig dryRun=" + dryRun);
        return CompletableFuture.completedFuture(plan);
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        calls.add("shutdown");
        return new CompletableFuture<>();
    }
}
