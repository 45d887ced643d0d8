package io.jsuper.jsuperd.notify;

import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.ProcessInfo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ties the daemon's life to the {@link SystemdNotifier}: READY with a status summary after boot, the
 * reload bracket, STOPPING, a status line refreshed from the loop, and the watchdog keep-alive sent by a
 * loop timer (a loop that stops running tasks stops the keep-alives, and systemd restarts jsuperd).
 */
public final class SystemdLink {
    /** How often the STATUS= line is refreshed (only sent when it changed). */
    static final Duration STATUS_REFRESH = Duration.ofSeconds(5);

    private final SystemdNotifier notifier;
    /** Every process of every watcher, e.g. {@code () -> processes.get()}. */
    private final Supplier<CompletableFuture<List<ProcessInfo>>> processes;
    private final Scheduler loop;

    public SystemdLink(SystemdNotifier notifier, Supplier<CompletableFuture<List<ProcessInfo>>> processes, Scheduler loop) {
        this.notifier = notifier;
        this.processes = processes;
        this.loop = loop;
    }

    /** For the daemon: the notifier of this process's environment. */
    public static SystemdLink forThisProcess(Supplier<CompletableFuture<List<ProcessInfo>>> processes, Scheduler loop) {
        return new SystemdLink(SystemdNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid()),
                processes, loop);
    }

    /** Boot finished and the API listens: READY=1, then the status refresh and watchdog timers. */
    public void ready() {
        withSummary(summary -> {
            notifier.ready(summary);
            if (notifier.enabled()) {
                // a status of every process every 5 s costs the loop something with thousands of them
                loop.schedule(STATUS_REFRESH, this::refreshStatus);
            }
            notifier.watchdogInterval().ifPresent(interval -> loop.execute(() -> keepAlive(interval)));
        });
    }

    /** A SIGHUP reload begins. */
    public void reloading() {
        notifier.reloading();
    }

    /** A SIGHUP reload ended; {@code error} is null when it was applied. */
    public void reloaded(String error) {
        if (error != null) {
            notifier.reloaded("", error);
        } else {
            withSummary(summary -> notifier.reloaded(summary, null));
        }
    }

    /** Shutdown has begun (idempotent). */
    public void stopping() {
        notifier.stopping();
    }

    private void keepAlive(Duration interval) {
        notifier.watchdog();
        loop.schedule(interval, () -> keepAlive(interval));
    }

    private void refreshStatus() {
        processes.get().thenAccept(list -> notifier.status(StatusSummary.of(list)));
        loop.schedule(STATUS_REFRESH, this::refreshStatus);
    }

    /**
     * Never blocks: callers include the loop itself (a reload completes there). A failed status call
     * (the loop is shutting down) still gets its message out, with a plain summary.
     */
    private void withSummary(Consumer<String> send) {
        if (!notifier.enabled()) {
            return; // nobody listens: do not picture every process (on the loop, right after boot) for nothing
        }
        processes.get().whenComplete((list, error) -> send.accept(error == null ? StatusSummary.of(list) : "running"));
    }
}
