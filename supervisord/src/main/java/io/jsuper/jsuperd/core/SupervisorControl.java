package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.os.Signal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the control plane (HTTP API, OS signals) may ask of the supervisor. Callable from any thread;
 * every call runs on the supervisor's loop. {@code name} is a watcher name or {@code all}.
 * Futures fail with {@link ControlException} for expected errors (unknown name, not running…).
 */
public interface SupervisorControl {

    CompletableFuture<List<ProcessInfo>> status(String name);

    /** Names of all watchers, in priority order. */
    CompletableFuture<List<String>> watcherNames();

    /**
     * With {@code wait}, completes when every target process is RUNNING. For one watcher it fails at the first
     * process that ends FATAL or EXITED, or when a later command stops it (SUPERSEDED); for {@code all} it waits
     * until every process has settled and completes with all of them (read each one's state).
     * Cancelling the future drops the wait (the command itself stays done).
     */
    CompletableFuture<List<ProcessInfo>> start(String name, boolean wait);

    CompletableFuture<List<ProcessInfo>> stop(String name, boolean wait);

    CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait);

    /** {@code restart} with an explicit {@link RestartMode} (rolling, all at once, sequential). */
    default CompletableFuture<List<ProcessInfo>> restart(String name, boolean wait, RestartMode mode) {
        return restart(name, wait);
    }

    /**
     * Circus's numprocesses ({@code relative} false) and incr/decr ({@code relative}, count may be negative) for
     * one watcher, until the next config reload. Answers at once with the new number of processes (new ones
     * are then starting, surplus ones stopping).
     */
    default CompletableFuture<Integer> scale(String name, int count, boolean relative) {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "scaling is not supported here"));
    }

    /** send_hup watchers get SIGHUP; others are restarted. */
    CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait);

    /** {@code reload} with an explicit {@link RestartMode} for the watchers that are restarted. */
    default CompletableFuture<List<ProcessInfo>> reload(String name, boolean wait, RestartMode mode) {
        return reload(name, wait);
    }

    CompletableFuture<List<ProcessInfo>> signal(String name, Signal signal);

    /**
     * Re-reads the config file off the loop and applies only what differs (no SIGHUP to anyone); with
     * {@code dryRun} only reports the difference. Fails with BAD_CONFIG, or OVERLOADED when too many are queued.
     */
    CompletableFuture<ConfigDiff> reloadConfig(boolean dryRun);

    /** The config file as it is now, read and validated off the loop; nothing is applied (supervisord's avail). */
    default CompletableFuture<io.jsuper.jsuperd.config.JsuperConfig> readConfigFile() {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "reading the config is not supported here"));
    }

    /**
     * supervisorctl's {@code add NAME} ({@code add}) and {@code remove NAME}: re-reads the file and applies only
     * that watcher's part (added from the file; or removed, its processes stopped). Until the next update.
     */
    default CompletableFuture<ConfigDiff> addOrRemove(String name, boolean add) {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "add/remove is not supported here"));
    }

    /**
     * Points the watcher's {@code release_link} at {@code release} and rolls it; when the release does not become
     * ready, switches back and restores the previous one, then fails with ROLLOUT_FAILED saying so.
     */
    default CompletableFuture<DeployResult> deploy(String name, java.nio.file.Path release) {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "deploy is not supported here"));
    }

    /** {@code deploy} of the release the last deploy replaced. */
    default CompletableFuture<DeployResult> rollback(String name) {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "rollback is not supported here"));
    }

    /** The watcher's release link, its target, and the release each process was started with. */
    default CompletableFuture<DeployResult> release(String name) {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "releases are not supported here"));
    }

    /** The daemon-owned sockets ({@code [socket:NAME]}) with the watchers that use them. */
    default CompletableFuture<List<SocketInfo>> sockets() {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Stops everything (reverse priority) and ends the daemon. Completes when all processes are stopped. */
    CompletableFuture<Void> shutdown();

    /**
     * As {@link #shutdown()}, but the daemon then starts afresh in the same process (jsuperctl
     * daemon-restart): completes when the shutdown has begun; refused while a shutdown is in progress.
     */
    default CompletableFuture<Void> restartDaemon() {
        return CompletableFuture.failedFuture(new ControlException(ErrorCode.BAD_REQUEST, "daemon restart is not supported here"));
    }

    /** The config in force (log readers resolve a watcher's files from it); callable from any thread. */
    default io.jsuper.jsuperd.config.JsuperConfig config() {
        throw new ControlException(ErrorCode.INTERNAL, "no config available");
    }

    /** Closes and reopens every child's output files (SIGUSR2, jsuperctl reopen-logs). */
    /** How long a task now waits for the supervisor loop, in nanoseconds (-1 where there is no loop). */
    default CompletableFuture<Long> loopLagNanos() {
        return CompletableFuture.completedFuture(-1L);
    }

    default void reopenLogs() {
        throw new ControlException(ErrorCode.INTERNAL, "reopening logs is not available");
    }
}
