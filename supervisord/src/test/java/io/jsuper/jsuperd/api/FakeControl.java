package io.jsuper.jsuperd.api;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A stand-in supervisor: a fixed table of processes, answers on its own single "loop" thread like the
 * real core, records every call, and can be told to fail or to never answer.
 */
public final class FakeControl implements SupervisorControl, AutoCloseable {
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-loop");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<ProcessInfo>> watchers = new LinkedHashMap<>();
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public volatile ControlException failNext;
    public volatile boolean hang;
    /** The futures handed out while {@link #hang} was set (a timeout must cancel them). */
    public final List<CompletableFuture<?>> hanging = Collections.synchronizedList(new ArrayList<>());
    public volatile ConfigDiff plan = new ConfigDiff(List.of("new"), List.of("web"), List.of("old"), List.of("db"), false);

    public FakeControl() {
        watchers.put("web", List.of(
                new ProcessInfo("web", 1, ProcessState.RUNNING, 1234, 62_000, 1, 0, null, null, null),
                new ProcessInfo("web", 2, ProcessState.FATAL, 0, 0, 3, 2, "exit 1", null, "Exited too quickly")));
        watchers.put("db", List.of(new ProcessInfo("db", 1, ProcessState.STOPPED, 0, 0, 0, 0, null, null, null)));
    }

    public static ProcessInfo running(String watcher, int wid, int pid) {
        return new ProcessInfo(watcher, wid, ProcessState.RUNNING, pid, 1000, 1, 0, null, null, null);
    }

    /** Replaces the process table (call before requests). */
    public synchronized void set(String watcher, List<ProcessInfo> infos) {
        watchers.put(watcher, List.copyOf(infos));
    }

    public synchronized void clear() {
        watchers.clear();
    }

    private <T> CompletableFuture<T> answer(String call, Supplier<T> body) {
        calls.add(call);
        if (hang) {
            CompletableFuture<T> never = new CompletableFuture<>();
            hanging.add(never);
            return never;
        }
        ControlException f = failNext;
        failNext = null;
        return CompletableFuture.supplyAsync(() -> {
            if (f != null) {
                throw f;
            }
            return body.get();
        }, loop);
    }

    private synchronized List<ProcessInfo> lookup(String name) {
        if ("all".equals(name)) {
            List<ProcessInfo> all = new ArrayList<>();
            watchers.values().forEach(all::addAll);
            return all;
        }
        List<ProcessInfo> infos = watchers.get(name);
        if (infos == null) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + name);
        }
        return infos;
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> status(String name) {
        return answer("status " + name, () -> lookup(name));
    }

    @Override
    public CompletableFuture<List<String>> watcherNames() {
        return answer("watcherNames", () -> {
            synchronized (this) {
                return List.copyOf(watchers.keySet());
            }
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> start(String name, boolean wait) {
        return answer("start " + name + " wait=" + wait, () -> lookup(name));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> stop(String name, boolean wait) {
        return answer("stop " + name + " wait=" + wait, () -> lookup(name));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait) {
        return answer("restart " + name + " wait=" + wait, () -> lookup(name));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait) {
        return answer("reload " + name + " wait=" + wait, () -> lookup(name));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> signal(String name, Signal signal) {
        return answer("signal " + name + " " + signal, () -> lookup(name));
    }

    @Override
    public CompletableFuture<ConfigDiff> reloadConfig(boolean dryRun) {
        return answer("reloadConfig dryRun=" + dryRun, () -> plan);
    }

    @Override
    public CompletableFuture<ConfigDiff> addOrRemove(String name, boolean add) {
        return answer((add ? "add " : "remove ") + name, () -> {
            synchronized (this) {
                if (add && watchers.containsKey(name)) {
                    throw new ControlException(ErrorCode.ALREADY_STARTED, name + " is already in use");
                }
            }
            return plan;
        });
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        calls.add("shutdown");
        return new CompletableFuture<>(); // like the real one: completes only when everything stopped
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
