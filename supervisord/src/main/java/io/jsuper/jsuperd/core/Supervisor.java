package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.os.ChildReaper;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * All watchers and their processes, owned by the supervisor loop. Implements the control facade:
 * every public call hops onto the loop first.
 */
public final class Supervisor implements SupervisorControl, ChildReaper.ExitListener, ProcessContext.ProcessListener {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final String ALL = "all";

    private final SupervisorLoop loop;
    private final ChildReaper reaper;
    private final ConfigSource configSource;
    private final Function<Supervisor, ProcessContext> contextFactory;
    private final Map<String, Watcher> watchers = new LinkedHashMap<>();
    private final Map<Integer, ProcessSlot> byPid = new HashMap<>();
    private final List<StateWaiter> waiters = new ArrayList<>();
    private ProcessContext ctx;
    private JsuperConfig config;
    private boolean shuttingDown;
    private boolean waiterCheckPending;
    private volatile StatusSnapshot snapshot;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    public Supervisor(SupervisorLoop loop, ChildReaper reaper, ConfigSource configSource,
                      Function<Supervisor, ProcessContext> contextFactory) {
        this.loop = loop;
        this.reaper = reaper;
        this.configSource = configSource;
        this.contextFactory = contextFactory;
    }

    /** Creates the watchers of {@code initial} and starts the autostart ones, highest priority first. */
    public CompletableFuture<Void> boot(JsuperConfig initial) {
        return loop.call(() -> {
            config = initial;
            if (shuttingDown) {
                return CompletableFuture.completedFuture(null);
            }
            ctx = contextFactory.apply(this);
            for (WatcherConfig wc : initial.watchers().values()) {
                watchers.put(wc.name(), new Watcher(ctx, wc));
            }
            for (Watcher w : byPriority(true)) {
                if (w.config().autostart()) {
                    w.start();
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Completes when a shutdown (signal or API) has stopped every process. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public JsuperConfig config() {
        return config;
    }

    // ---- events from the outside (reaper thread) and from slots (loop thread)

    @Override
    public void childExited(int pid, ExitStatus status) {
        loop.execute(() -> {
            try {
                ProcessSlot slot = byPid.remove(pid);
                if (slot == null) {
                    log.debug("reaped unknown child {} ({})", pid, status);
                } else {
                    slot.childExited(status);
                }
            } finally {
                reaper.reap(pid);
            }
        });
    }

    @Override
    public void spawned(ProcessSlot slot, int pid) {
        byPid.put(pid, slot);
        reaper.childSpawned();
        log.info("spawned: {} with pid {}", slot.displayName(), pid);
    }

    @Override
    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        if (to == ProcessState.RUNNING) {
            log.info("success: {} entered RUNNING state", slot.displayName());
        } else {
            log.debug("{}: {} -> {}", slot.displayName(), from, to);
        }
        // Deferred to the next loop turn: a finished waiter may start or stop slots, which must not
        // happen in the middle of the transition that is being reported (a restart once spawned twice).
        if (!waiterCheckPending && !waiters.isEmpty()) {
            waiterCheckPending = true;
            loop.execute(this::checkWaiters);
        }
    }

    private void checkWaiters() {
        waiterCheckPending = false;
        for (StateWaiter waiter : List.copyOf(waiters)) {
            if (waiter.check()) {
                waiters.remove(waiter);
            }
        }
    }

    // ---- control facade

    @Override
    public CompletableFuture<List<ProcessInfo>> status(String name) {
        StatusSnapshot current = freshSnapshot();
        if (current != null) {
            try {
                return done(current.infos(name));
            } catch (ControlException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return onLoop(() -> done(takeSnapshot().infos(name)));
    }

    @Override
    public CompletableFuture<List<String>> watcherNames() {
        StatusSnapshot current = freshSnapshot();
        if (current != null) {
            return done(List.copyOf(current.watchers().keySet()));
        }
        return onLoop(() -> done(List.copyOf(takeSnapshot().watchers().keySet())));
    }

    /** The last snapshot if the loop has run nothing since it was taken, else null. Any thread. */
    private StatusSnapshot freshSnapshot() {
        StatusSnapshot current = snapshot;
        return current != null && current.generation() == loop.generation() ? current : null;
    }

    /** On the loop: pictures the model as it is now, for readers on other threads. */
    private StatusSnapshot takeSnapshot() {
        Map<String, List<StatusSnapshot.SlotView>> views = new LinkedHashMap<>();
        for (Watcher w : byPriority(true)) {
            views.put(w.name(), w.slots().stream().map(ProcessSlot::view).toList());
        }
        StatusSnapshot taken = new StatusSnapshot(loop.generation(), views, ctx != null ? ctx.clock() : Clock.SYSTEM,
                ctx != null ? ctx.planner().containment()::usage : StatusSnapshot.NO_USAGE);
        snapshot = taken;
        return taken;
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> start(String name, boolean wait) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            List<ProcessSlot> started = new ArrayList<>();
            for (Watcher w : targets) {
                started.addAll(w.start());
            }
            if (started.isEmpty() && !name.equals(ALL)) {
                throw new ControlException(ErrorCode.ALREADY_STARTED, name + " is already started");
            }
            return wait ? whenRunning(slotsOf(targets)) : done(infos(targets));
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> stop(String name, boolean wait) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            List<ProcessSlot> stopping = new ArrayList<>();
            for (Watcher w : targets) {
                stopping.addAll(w.stop());
            }
            if (stopping.isEmpty() && !name.equals(ALL)) {
                throw new ControlException(ErrorCode.NOT_RUNNING, name + " is not running");
            }
            return wait ? whenStopped(slotsOf(targets)) : done(infos(targets));
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait) {
        return mutation(() -> restartWatchers(resolve(name), wait));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            List<Watcher> others = new ArrayList<>();
            for (Watcher w : targets) {
                if (w.config().sendHup()) {
                    w.signal(Signal.HUP);
                } else {
                    others.add(w);
                }
            }
            if (others.isEmpty()) {
                return done(infos(targets));
            }
            return restartWatchers(others, wait).thenApply(restarted -> infos(targets));
        });
    }

    /** On the loop: stops {@code targets}, starts them once stopped; with {@code wait}, until RUNNING. */
    private CompletableFuture<List<ProcessInfo>> restartWatchers(List<Watcher> targets, boolean wait) {
        List<ProcessSlot> stopping = new ArrayList<>();
        for (Watcher w : targets) {
            stopping.addAll(w.stop());
        }
        CompletableFuture<List<ProcessInfo>> restarted = whenStopped(stopping).thenCompose(ignored -> {
            targets.forEach(Watcher::start);
            return wait ? whenRunning(slotsOf(targets)) : done(infos(targets));
        });
        return wait ? restarted : done(infos(targets));
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> signal(String name, Signal signal) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            List<ProcessSlot> signalled = new ArrayList<>();
            for (Watcher w : targets) {
                signalled.addAll(w.signal(signal));
            }
            if (signalled.isEmpty()) {
                throw new ControlException(ErrorCode.NOT_RUNNING, name + " is not running");
            }
            return done(signalled.stream().map(ProcessSlot::info).toList());
        });
    }

    @Override
    public CompletableFuture<ReloadPlan> reloadConfig(boolean dryRun) {
        return (dryRun ? onLoop(() -> done(planFor(configSource.load()))) : mutation(() -> {
            JsuperConfig next = configSource.load();
            ReloadPlan plan = planFor(next);
            apply(next, plan);
            return done(plan);
        }));
    }

    /** Reopens every output file (SIGUSR2). */
    public void reopenLogs() {
        loop.execute(() -> watchers.values().forEach(Watcher::reopenOutput));
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return onLoop(() -> {
            if (shuttingDown) {
                return whenStopped(allSlots()).thenApply(x -> null);
            }
            shuttingDown = true;
            log.info("shutting down: stopping all watchers, lowest priority first");
            CompletableFuture<List<ProcessInfo>> chain = done(List.of());
            for (List<Watcher> level : priorityLevels(false)) {
                chain = chain.thenCompose(x -> {
                    level.forEach(Watcher::stop);
                    return whenStopped(slotsOf(level));
                });
            }
            return chain.thenApply(x -> {
                watchers.values().forEach(Watcher::closeOutput);
                log.info("all watchers stopped");
                terminated.complete(null);
                return null;
            });
        });
    }

    // ---- config reload

    private ReloadPlan planFor(JsuperConfig next) {
        ConfigDiff diff = ConfigDiff.between(config, next);
        return new ReloadPlan(diff.added(), diff.changed(), diff.removed(), diff.unchanged());
    }

    private void apply(JsuperConfig next, ReloadPlan plan) {
        if (!next.daemon().equals(config.daemon())) {
            log.warn("[jsuperd] settings changed; socket, http and pidfile changes take effect at the next start");
        }
        config = next;
        log.info("reload: added {}, changed {}, removed {}, unchanged {}",
                plan.added(), plan.changed(), plan.removed(), plan.unchanged().size());
        for (String name : plan.removed()) {
            Watcher w = watchers.get(name);
            w.stop();
            whenStopped(List.copyOf(w.slots())).thenRun(() -> {
                w.closeOutput();
                watchers.remove(name, w);
                ctx.planner().containment().watcherRemoved(name);
            });
        }
        for (String name : plan.changed()) {
            Watcher w = watchers.get(name);
            WatcherConfig wc = next.watchers().get(name);
            w.stop();
            whenStopped(List.copyOf(w.slots())).thenRun(() -> {
                w.replaceConfig(wc);
                if (wc.autostart()) {
                    w.start();
                }
            });
        }
        for (String name : plan.added()) {
            Watcher w = new Watcher(ctx, next.watchers().get(name));
            watchers.put(name, w);
            if (w.config().autostart()) {
                w.start();
            }
        }
        for (String name : plan.unchanged()) {
            Watcher w = watchers.get(name);
            if (w.config().sendHup()) {
                log.info("reload: forwarding SIGHUP to {}", name);
                w.signal(Signal.HUP);
            }
        }
    }

    // ---- helpers

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> work) {
        return loop.call(work);
    }

    private <T> CompletableFuture<T> mutation(java.util.function.Supplier<CompletableFuture<T>> work) {
        return loop.call(() -> {
            if (shuttingDown) {
                throw new ControlException(ErrorCode.SHUTTING_DOWN, "jsuperd is shutting down");
            }
            return work.get();
        });
    }

    private List<Watcher> resolve(String name) {
        if (name.equals(ALL)) {
            return byPriority(true);
        }
        Watcher w = watchers.get(name);
        if (w == null) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + name);
        }
        return List.of(w);
    }

    private List<Watcher> byPriority(boolean highestFirst) {
        Comparator<Watcher> order = Comparator.comparingInt(Watcher::priority);
        List<Watcher> sorted = new ArrayList<>(watchers.values());
        sorted.sort(highestFirst ? order.reversed() : order);
        return sorted;
    }

    private List<List<Watcher>> priorityLevels(boolean highestFirst) {
        List<List<Watcher>> levels = new ArrayList<>();
        Integer current = null;
        for (Watcher w : byPriority(highestFirst)) {
            if (current == null || current != w.priority()) {
                levels.add(new ArrayList<>());
                current = w.priority();
            }
            levels.get(levels.size() - 1).add(w);
        }
        return levels;
    }

    private List<ProcessSlot> allSlots() {
        return slotsOf(new ArrayList<>(watchers.values()));
    }

    private static List<ProcessSlot> slotsOf(List<Watcher> targets) {
        return targets.stream().flatMap(w -> w.slots().stream()).toList();
    }

    private static List<ProcessInfo> infos(List<Watcher> targets) {
        return slotsOf(targets).stream().map(ProcessSlot::info).toList();
    }

    /** Completes when every slot is RUNNING; fails as soon as one goes FATAL or EXITED. */
    private CompletableFuture<List<ProcessInfo>> whenRunning(List<ProcessSlot> slots) {
        return await(slots, s -> s == ProcessState.RUNNING, s -> s == ProcessState.FATAL || s == ProcessState.EXITED);
    }

    private CompletableFuture<List<ProcessInfo>> whenStopped(List<ProcessSlot> slots) {
        return await(slots, s -> !s.hasChild() && s != ProcessState.BACKOFF, s -> false);
    }

    private CompletableFuture<List<ProcessInfo>> await(List<ProcessSlot> slots, Predicate<ProcessState> doneWhen,
                                                       Predicate<ProcessState> failedWhen) {
        CompletableFuture<List<ProcessInfo>> future = new CompletableFuture<>();
        StateWaiter waiter = new StateWaiter(slots, doneWhen, failedWhen, future);
        if (!waiter.check()) {
            waiters.add(waiter);
        }
        return future;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
