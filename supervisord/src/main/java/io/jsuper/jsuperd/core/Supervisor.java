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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * All watchers and their processes, owned by the supervisor loop. Implements the control facade: every
 * public call hops onto the loop first, and a command only changes what a watcher wants (see
 * docs/lifecycle.md, "How commands compose"); the watchers converge, waits live in the {@link WaiterRegistry}.
 */
public final class Supervisor implements SupervisorControl, ChildReaper.ExitListener, ProcessContext.ProcessListener {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final String ALL = "all";

    private final LoopExecutor loop;
    private final ConfigSource configSource;
    private final Executor configParser;
    private final Function<Supervisor, ProcessContext> contextFactory;
    private final Map<String, Watcher> watchers = new LinkedHashMap<>();
    private final ChildRoutes routes;
    private final WaiterRegistry waiters;
    private final ReloadApplier reloads;
    private final OneProcessCommands oneProcess;
    private final Deploys deploys = new Deploys(new DeployRolls());
    private ProcessContext ctx;
    private volatile JsuperConfig config;
    private boolean shuttingDown;
    /** Set on the loop before the shutdown a daemon restart begins with; read by the daemon after {@link #terminated()}. */
    private volatile boolean restartRequested;
    private final StatusSnapshots snapshots;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Done, on the loop, the moment a shutdown (any path) is accepted: before the first watcher is stopped. */
    private final CompletableFuture<Void> shutdownBegun = new CompletableFuture<>();
    /** Done once boot has created the watchers: a status read that comes earlier (the API is up first) waits for it. */
    private final CompletableFuture<Void> booted = new CompletableFuture<>();

    /**
     * @param configParser where config files are read and validated for a reload, off the loop (the loop
     *                     only applies the result); it may refuse work when too much is queued
     */
    public Supervisor(LoopExecutor loop, ChildReaper reaper, ConfigSource configSource, Executor configParser,
                      Function<Supervisor, ProcessContext> contextFactory) {
        this.loop = loop;
        this.configSource = configSource;
        this.configParser = configParser;
        this.contextFactory = contextFactory;
        this.waiters = new WaiterRegistry(loop);
        this.routes = new ChildRoutes(loop, reaper, () -> ctx);
        this.reloads = new ReloadApplier(watchers, this::newWatcher);
        this.oneProcess = new OneProcessCommands(watchers, waiters);
        this.snapshots = new StatusSnapshots(loop, () -> byPriority(true), () -> ctx != null ? ctx.clock() : Clock.SYSTEM,
                () -> ctx != null ? ctx.planner().containment()::usage : StatusSnapshot.NO_USAGE);
    }

    /** Creates the watchers of {@code initial} and starts the autostart ones, highest priority first. */
    public CompletableFuture<Void> boot(JsuperConfig initial) {
        return loop.<Void>call(() -> {
            config = initial;
            if (shuttingDown) {
                return done(null);
            }
            ctx = contextFactory.apply(this);
            for (WatcherConfig wc : initial.watchers().values()) {
                watchers.put(wc.name(), newWatcher(wc));
            }
            for (Watcher w : byPriority(true)) {
                if (w.config().autostart()) {
                    w.start();
                }
            }
            booted.complete(null);
            return done(null);
        }).whenComplete((ok, error) -> booted.complete(null));
    }

    private Watcher newWatcher(WatcherConfig wc) {
        return new Watcher(ctx, wc, gone -> {
            gone.closeOutput();
            watchers.remove(gone.name(), gone);
            ctx.planner().containment().watcherRemoved(gone.name());
        });
    }

    /**
     * Completes on the loop when a shutdown (signal, REST or XML-RPC) begins, before any watcher is told to
     * stop: systemd must hear STOPPING=1 then, not once everything is down.
     */
    public CompletableFuture<Void> shutdownBegun() {
        return shutdownBegun;
    }

    /** Completes when a shutdown (signal or API) has stopped every process. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public JsuperConfig config() {
        return config;
    }

    /** Pending waits (for tests and diagnostics); on the loop. */
    CompletableFuture<Integer> pendingWaits() {
        return loop.call(() -> done(waiters.size()));
    }

    // ---- events from the outside (reaper thread) and from slots (loop thread)

    @Override
    public void childExited(int pid, ExitStatus status) {
        routes.exited(pid, status);
    }

    /** {@code watcher} and {@code process} of the supervised process a sender belongs to; see {@link ChildRoutes#sourceOf}. */
    public Map<String, String> sourceOf(List<Integer> lineage) {
        return routes.sourceOf(lineage);
    }

    /** A child sent a notify message (READY=1…); see {@link ChildRoutes#notified}. Any thread. */
    public void notified(List<Integer> lineage, Map<String, String> fields) {
        routes.notified(lineage, fields);
    }

    @Override
    public void spawned(ProcessSlot slot, int pid) {
        routes.spawned(slot, pid);
        deploys.spawned(slot, watchers.get(slot.watcherName()));
        log.info("spawned: {} with pid {}", slot.displayName(), pid);
    }

    @Override
    public void stateChanged(ProcessSlot slot, ProcessState from, ProcessState to) {
        if (to == ProcessState.RUNNING) {
            log.info("success: {} entered RUNNING state", slot.displayName());
        } else {
            log.debug("{}: {} -> {}", slot.displayName(), from, to);
        }
        waiters.changed();
    }

    // ---- control facade

    @Override
    public CompletableFuture<List<ProcessInfo>> status(String name) {
        if (GroupSpec.is(name)) {
            return inGroup(name, this::status);
        }
        return afterBoot(() -> snapshots.read(snapshot -> snapshot.infos(name)));
    }

    /**
     * Every process without its cgroup usage: for periodic internal readers (the log-drop check) that need
     * only the state and output counters, so that an idle daemon does not read a cpu.stat per process.
     */
    public CompletableFuture<List<ProcessInfo>> statusWithoutUsage() {
        return afterBoot(() -> snapshots.read(snapshot -> snapshot.infos(ALL, StatusSnapshot.NO_USAGE)));
    }

    @Override
    public CompletableFuture<List<SocketInfo>> sockets() {
        return afterBoot(() -> loop.call(() -> {
            List<String> users = watchers.values().stream().filter(w -> !w.isRemoved())
                    .filter(w -> w.config().deploy().useSockets()).map(Watcher::name).toList();
            return done(ctx.planner().sockets().describe().stream().map(s -> new SocketInfo(s.name(), s.address(),
                    s.fd(), s.childFd(), users, s.queued())).toList());
        }));
    }

    @Override
    public CompletableFuture<List<String>> watcherNames() {
        return afterBoot(() -> snapshots.read(snapshot -> List.copyOf(snapshot.watchers().keySet())));
    }

    /** Runs {@code read} now once booted (the usual case, no extra work), else when boot is done. */
    private <T> CompletableFuture<T> afterBoot(Supplier<CompletableFuture<T>> read) {
        return booted.isDone() ? read.get() : booted.thenCompose(ignored -> read.get());
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> start(String name, boolean wait) {
        if (GroupSpec.is(name)) {
            return inGroup(name, w -> start(w, wait));
        }
        return mutation(() -> {
            ProcessTarget one = ProcessTarget.parse(name);
            if (one != null) {
                return oneProcess.start(one, wait);
            }
            List<Watcher> targets = resolve(name);
            boolean changed = false;
            for (Watcher w : targets) {
                changed |= w.start();
            }
            if (!changed && !name.equals(ALL)) {
                throw new ControlException(ErrorCode.ALREADY_STARTED, name + " is already started");
            }
            return settle(targets, Goal.UP, wait, name);
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> stop(String name, boolean wait) {
        if (GroupSpec.is(name)) {
            return inGroup(name, w -> stop(w, wait));
        }
        return mutation(() -> {
            ProcessTarget one = ProcessTarget.parse(name);
            if (one != null) {
                return oneProcess.stop(one, wait);
            }
            List<Watcher> targets = resolve(name);
            boolean stopping = false;
            for (Watcher w : targets) {
                stopping |= w.stop();
            }
            if (!stopping && !name.equals(ALL)) {
                throw new ControlException(ErrorCode.NOT_RUNNING, name + " is not running");
            }
            return settle(targets, Goal.DOWN, wait, name);
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait) {
        return restart(name, wait, RestartMode.DEFAULT);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait, RestartMode mode) {
        if (GroupSpec.is(name)) {
            return inGroup(name, w -> restart(w, wait, mode));
        }
        ProcessTarget one = ProcessTarget.parse(name);
        if (one != null) {
            return mutation(() -> oneProcess.restart(one, wait));
        }
        // the config file's definition as it is now (docs/zero-downtime.md): an unchanged file is known from a
        // few stat calls on this thread (no hop through the parser thread); a changed one is parsed off the loop
        JsuperConfig unchanged = configSource.unchangedOrNull();
        CompletableFuture<JsuperConfig> definitions = unchanged != null ? CompletableFuture.completedFuture(unchanged)
                : parse(configSource::loadUnlessUnchanged);
        CompletableFuture<List<ProcessInfo>> result = new CompletableFuture<>();
        definitions.whenComplete((file, error) -> {
            if (error != null) {
                Throwable cause = rootCause(error);
                result.completeExceptionally(cause instanceof ControlException c && c.code() != ErrorCode.BAD_CONFIG ? c
                        : new ControlException(ErrorCode.BAD_CONFIG, "restart reads " + name + "'s definition from the "
                        + "config file, which cannot be used now (nothing was restarted): " + cause.getMessage()));
                return;
            }
            CompletableFuture<List<ProcessInfo>> inner = restartAs(file, name, wait, mode);
            result.whenComplete((ok, e) -> {
                if (result.isCancelled()) {
                    inner.cancel(false); // a client that gave up leaves no waiter behind
                }
            });
            inner.whenComplete((ok, e) -> {
                if (e != null) {
                    result.completeExceptionally(rootCause(e));
                } else {
                    result.complete(ok);
                }
            });
        });
        return result;
    }

    /** On the loop: restarts {@code name}'s watchers with their definitions in {@code file}. */
    private CompletableFuture<List<ProcessInfo>> restartAs(JsuperConfig file, String name, boolean wait,
                                                           RestartMode mode) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            config = RestartDefinitions.adopt(config, file, targets);
            targets.forEach(w -> w.restart(mode));
            return settle(targets, Goal.UP, wait, name);
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait) {
        return reload(name, wait, RestartMode.DEFAULT);
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait, RestartMode mode) {
        return mutation(() -> {
            List<Watcher> targets = resolve(name);
            List<Watcher> restarted = new ArrayList<>();
            List<CompletableFuture<ProcessInfo>> readyAgain = new ArrayList<>();
            for (Watcher w : targets) {
                if (w.config().sendHup()) {
                    List<ProcessSlot> signalled = w.signal(Signal.HUP);
                    if (wait) {
                        readyAgain.addAll(readyAfterHangUp(w, signalled));
                    }
                } else {
                    w.restart(mode);
                    restarted.add(w);
                }
            }
            CompletableFuture<List<ProcessInfo>> result = settle(restarted, Goal.UP, wait, name)
                    .thenCombine(CompletableFuture.allOf(readyAgain.toArray(CompletableFuture[]::new)),
                            (ignored, none) -> infos(targets));
            result.whenComplete((ok, error) -> readyAgain.forEach(f -> f.cancel(false)));
            return result;
        });
    }

    @Override
    public CompletableFuture<DeployResult> deploy(String name, java.nio.file.Path release) {
        return mutation(() -> deploys.deploy(one(name), release));
    }

    /** Keeps rollback's history in {@code store} (the daemon: a file beside the socket) and starts from what it holds. */
    public void keepReleaseHistoryIn(ReleaseHistoryFile store) {
        loop.execute(() -> deploys.useStore(store));
    }

    @Override
    public CompletableFuture<DeployResult> rollback(String name) {
        return mutation(() -> deploys.rollback(one(name)));
    }

    @Override
    public CompletableFuture<DeployResult> release(String name) {
        return afterBoot(() -> loop.call(() -> done(deploys.describe(one(name)))));
    }

    private Watcher one(String name) {
        if (name.equals(ALL)) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "deploy one watcher at a time, not all");
        }
        return resolve(name).get(0);
    }

    /** How a deploy rolls a watcher: as reload does (HUP and readiness, or a rolling restart), waiting. */
    private final class DeployRolls implements Deploys.Rolls {
        @Override
        public CompletableFuture<List<ProcessInfo>> roll(Watcher w) {
            if (w.config().sendHup()) {
                List<CompletableFuture<ProcessInfo>> ready = readyAfterHangUp(w, w.signal(Signal.HUP));
                return CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).thenApply(x -> infos(List.of(w)));
            }
            w.restart(RestartMode.DEFAULT);
            return settle(List.of(w), Goal.UP, true, w.name());
        }

        /**
         * A restart, never a HUP: a program that failed its HUP into the broken release (alive but unready, or
         * dead and restarting) is not trusted with another one. Rolling where the watcher rolls, so processes
         * that still serve are replaced only once the previous release is ready again.
         */
        @Override
        public CompletableFuture<List<ProcessInfo>> restore(Watcher w) {
            w.restart(RestartMode.DEFAULT);
            return settle(List.of(w), Goal.UP, true, w.name());
        }
    }

    /**
     * A send_hup watcher with a readiness check: the reload is over when each signalled process passed the check
     * again after the HUP (and did not exit); else it fails with the reason (docs/zero-downtime.md).
     */
    private List<CompletableFuture<ProcessInfo>> readyAfterHangUp(Watcher w, List<ProcessSlot> signalled) {
        io.jsuper.jsuperd.config.Probes probes = w.config().probes();
        if (probes.readiness().isEmpty()) {
            return List.of();
        }
        int threshold = probes.readiness().get().successThreshold();
        List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>();
        for (ProcessSlot slot : signalled) {
            CompletableFuture<ProcessInfo> ready = ReadyAfterHangUp.await(ctx, slot, probes.readyDeadline(), threshold);
            ready.whenComplete((ok, error) -> {
                if (error instanceof ControlException failed) {
                    log.warn("reload of {} failed: {}", w.name(), failed.getMessage());
                    loop.execute(() -> ctx.listener().rolloutChanged(w.name(), "reload-failed", failed.getMessage()));
                }
            });
            waits.add(ready);
        }
        return waits;
    }

    /** After a command: wake the waiters (a superseded wait fails now) and, with {@code wait}, wait for {@code goal}. */
    private CompletableFuture<List<ProcessInfo>> settle(List<Watcher> targets, Goal goal, boolean wait, String name) {
        waiters.changed();
        return wait ? waiters.await(targets, goal, name.equals(ALL)) : done(infos(targets));
    }

    @Override
    public CompletableFuture<Integer> scale(String name, int count, boolean relative) {
        return mutation(() -> {
            Watcher w = resolve(name).size() == 1 && !name.equals(ALL) ? watchers.get(name) : null;
            if (w == null) {
                throw new ControlException(ErrorCode.BAD_REQUEST, "scale one watcher at a time, not " + name);
            }
            return done(RuntimeScale.apply(w, count, relative));
        });
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> signal(String name, Signal signal) {
        if (GroupSpec.is(name)) {
            return inGroup(name, w -> signal(w, signal));
        }
        return mutation(() -> {
            ProcessTarget one = ProcessTarget.parse(name);
            if (one != null) {
                return oneProcess.signal(one, signal);
            }
            List<ProcessSlot> signalled = new ArrayList<>();
            for (Watcher w : resolve(name)) {
                signalled.addAll(w.signal(signal));
            }
            if (signalled.isEmpty()) {
                throw new ControlException(ErrorCode.NOT_RUNNING, name + " is not running");
            }
            return done(signalled.stream().map(ProcessSlot::info).toList());
        });
    }

    @Override
    public CompletableFuture<ConfigDiff> reloadConfig(boolean dryRun) {
        CompletableFuture<ConfigDiff> done = applyConfig(dryRun);
        if (!dryRun) { // told on the loop: the listener publishes an event and counts it
            done.whenComplete((diff, error) -> loop.execute(() -> {
                if (ctx != null) {
                    ctx.listener().configReloaded(error == null ? null : String.valueOf(rootCause(error).getMessage()));
                }
            }));
        }
        return done;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private CompletableFuture<ConfigDiff> applyConfig(boolean dryRun) {
        return parseConfig().thenCompose(next -> dryRun
                ? loop.call(() -> done(ReloadApplier.preview(config, next)))
                : mutation(() -> {
                    List<String> rebound = rebindSockets(next);
                    ConfigDiff diff = reloads.apply(config, next);
                    restartSocketUsers(rebound, diff);
                    watchers.values().forEach(Watcher::dropRuntimeScale);
                    config = next;
                    waiters.changed();
                    return done(diff);
                }));
    }

    @Override
    public CompletableFuture<JsuperConfig> readConfigFile() {
        return parseConfig();
    }

    @Override
    public CompletableFuture<ConfigDiff> addOrRemove(String name, boolean add) {
        return parseConfig().thenCompose(next -> mutation(() -> {
            boolean loaded = watchers.containsKey(name) && !watchers.get(name).isRemoved();
            JsuperConfig merged = add ? OneWatcherReload.add(config, next, name, loaded)
                    : OneWatcherReload.remove(config, name, loaded);
            ConfigDiff diff = reloads.apply(config, merged);
            config = merged;
            waiters.changed();
            return done(diff);
        }));
    }

    /**
     * What the daemon's SIGHUP does (systemctl reload): apply the config difference, then forward exactly
     * one SIGHUP to the processes of each unchanged {@code send_hup} watcher (changed ones were restarted).
     */
    public CompletableFuture<ConfigDiff> reloadConfigAndHangUp() {
        return reloadConfig(false).thenCompose(diff -> mutation(() -> {
            for (String name : diff.unchanged()) {
                Watcher w = watchers.get(name);
                if (w != null && w.config().sendHup()) {
                    log.info("reload: forwarding SIGHUP to {}", name);
                    w.signal(Signal.HUP);
                }
            }
            return done(diff);
        }));
    }

    /** Sockets first: a bind that fails leaves the running config (watchers and sockets) as it was. */
    private List<String> rebindSockets(JsuperConfig next) {
        try {
            boolean held = watchers.values().stream().anyMatch(w -> w.config().deploy().useSockets()
                    && w.slots().stream().anyMatch(slot -> slot.state().isActive()));
            return ctx.planner().sockets().reconfigure(next.sockets(), held);
        } catch (java.io.IOException e) {
            throw new ControlException(ErrorCode.BAD_CONFIG, e.getMessage());
        }
    }

    /** Unchanged watchers that use a rebound socket need new processes to get it (changed ones restart anyway). */
    private void restartSocketUsers(List<String> rebound, ConfigDiff diff) {
        if (rebound.isEmpty()) {
            return;
        }
        for (String name : diff.unchanged()) {
            Watcher w = watchers.get(name);
            if (w != null && w.config().deploy().useSockets() && w.isActive()) {
                log.info("reload: restarting {}: socket(s) {} were rebound", name, rebound);
                w.restart();
            }
        }
    }

    /** Reads and validates the config on the parser thread; never on the loop (a big config would stall it). */
    private CompletableFuture<JsuperConfig> parseConfig() {
        return parse(configSource::load);
    }

    private CompletableFuture<JsuperConfig> parse(Supplier<JsuperConfig> load) {
        try {
            return CompletableFuture.supplyAsync(load, configParser);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ControlException(ErrorCode.OVERLOADED,
                    "too many config reloads are queued; try again when they are done"));
        }
    }

    @Override
    public CompletableFuture<Long> loopLagNanos() {
        long sent = System.nanoTime();
        return loop.read(() -> System.nanoTime() - sent);
    }

    /** Reopens every output file (SIGUSR2). */
    public void reopenLogs() {
        loop.execute(() -> watchers.values().forEach(Watcher::reopenOutput));
    }

    @Override
    public CompletableFuture<Void> restartDaemon() {
        return loop.call(() -> {
            if (shuttingDown) {
                throw new ControlException(ErrorCode.SHUTTING_DOWN, "jsuperd is already shutting down; start it again afterwards");
            }
            restartRequested = true;
            log.info("daemon restart requested: stopping all watchers, then starting jsuperd afresh in this process");
            shutdown();
            return CompletableFuture.<Void>completedFuture(null);
        });
    }

    /** Whether the shutdown that ended {@link #terminated()} was the first half of a daemon restart. */
    public boolean restartRequested() {
        return restartRequested;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return loop.call(() -> {
            if (shuttingDown) {
                return waiters.await(List.copyOf(watchers.values()), Goal.DOWN, true).thenApply(x -> null);
            }
            shuttingDown = true;
            shutdownBegun.complete(null);
            log.info("shutting down: stopping all watchers, lowest priority first");
            CompletableFuture<List<ProcessInfo>> chain = done(List.of());
            for (List<Watcher> level : priorityLevels()) {
                chain = chain.thenCompose(x -> {
                    level.forEach(Watcher::stop);
                    return waiters.await(level, Goal.DOWN, true);
                });
            }
            return chain.thenApply(x -> {
                if (ctx != null) {
                    ctx.commands().killAll(); // checks and alarms do not outlive jsuperd
                }
                watchers.values().forEach(Watcher::closeOutput);
                log.info("all watchers stopped");
                terminated.complete(null);
                return null;
            });
        });
    }

    // ---- helpers

    private <T> CompletableFuture<T> mutation(Supplier<CompletableFuture<T>> work) {
        return loop.call(() -> {
            if (shuttingDown) {
                throw new ControlException(ErrorCode.SHUTTING_DOWN, "jsuperd is shutting down");
            }
            return work.get();
        });
    }

    /** supervisord's {@code GROUP:*} / {@code GROUP:NAME}: {@code command} on each watcher it names. */
    private CompletableFuture<List<ProcessInfo>> inGroup(String spec,
                                                         Function<String, CompletableFuture<List<ProcessInfo>>> command) {
        return afterBoot(() -> {
            try {
                return GroupSpec.each(GroupSpec.watchers(spec, config), command);
            } catch (ControlException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private List<Watcher> resolve(String name) {
        if (name.equals(ALL)) {
            return byPriority(true).stream().filter(w -> !w.isRemoved()).toList();
        }
        Watcher w = watchers.get(name);
        if (w == null || w.isRemoved()) {
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

    /** Watchers grouped by priority, lowest first (the shutdown order). */
    private List<List<Watcher>> priorityLevels() {
        List<List<Watcher>> levels = new ArrayList<>();
        Integer current = null;
        for (Watcher w : byPriority(false)) {
            if (current == null || current != w.priority()) {
                levels.add(new ArrayList<>());
                current = w.priority();
            }
            levels.get(levels.size() - 1).add(w);
        }
        return levels;
    }

    private static List<ProcessInfo> infos(List<Watcher> targets) {
        List<ProcessInfo> out = new ArrayList<>();
        targets.forEach(w -> w.slots().forEach(slot -> out.add(slot.info())));
        return out;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
