package io.jsuper.jsuperd.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The daemon's side of systemd's notify protocol (sd_notify(3)): readiness, reload and stop
 * announcements, status lines and watchdog keep-alives. Every method is a no-op when jsuperd was not
 * started with {@code NOTIFY_SOCKET}, so callers never check.
 */
public final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    private final NotifySender sender;
    private final LongSupplier monotonicNanos;
    private final Optional<Duration> watchdogInterval;
    private final boolean enabled;
    private boolean stopping;
    private String lastStatus;

    SystemdNotifier(NotifySender sender, LongSupplier monotonicNanos, Optional<Duration> watchdogInterval) {
        this(sender, monotonicNanos, watchdogInterval, true);
    }

    private SystemdNotifier(NotifySender sender, LongSupplier monotonicNanos, Optional<Duration> watchdogInterval,
                            boolean enabled) {
        this.sender = sender;
        this.monotonicNanos = monotonicNanos;
        this.watchdogInterval = watchdogInterval;
        this.enabled = enabled;
    }

    /** False when nothing listens (no {@code NOTIFY_SOCKET}): periodic work for systemd can be skipped. */
    public boolean enabled() {
        return enabled;
    }

    /** A notifier for this process's environment; disabled without {@code NOTIFY_SOCKET} or with a bad value (logged). */
    public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return disabled();
        }
        NotifySender sender;
        try {
            sender = new UnixDatagramSender(socket);
        } catch (IllegalArgumentException e) {
            log.warn("{}: not sending readiness notifications to systemd", e.getMessage());
            return disabled();
        }
        // HotSpot's System.nanoTime() is CLOCK_MONOTONIC on Linux: the clock MONOTONIC_USEC is read from.
        return new SystemdNotifier(sender, System::nanoTime, watchdogInterval(env, pid));
    }

    /** A notifier that sends nothing. */
    public static SystemdNotifier disabled() {
        return new SystemdNotifier(message -> false, System::nanoTime, Optional.empty(), false);
    }

    /**
     * Half of {@code WATCHDOG_USEC} (sd_watchdog_enabled(3)'s advice), when the watchdog is on and meant for
     * this process ({@code WATCHDOG_PID} unset or equal to {@code pid}).
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            log.warn("WATCHDOG_USEC={} is not a number of microseconds; not sending watchdog keep-alives", usec);
            return Optional.empty();
        }
    }

    /** How often to send {@code WATCHDOG=1}, if systemd asked for it. */
    public Optional<Duration> watchdogInterval() {
        return watchdogInterval;
    }

    /** The sockets listen and the autostart watchers were started. */
    public synchronized void ready(String status) {
        lastStatus = status;
        sender.send("READY=1\nSTATUS=" + status);
    }

    /** A reload begins (SIGHUP): systemd's notify-reload wants the monotonic time with it. */
    public synchronized void reloading() {
        sender.send("RELOADING=1\nSTATUS=reloading configuration\nMONOTONIC_USEC=" + monotonicNanos.getAsLong() / 1000);
    }

    /** A reload ended; {@code error} null when it was applied. Either way jsuperd runs on, so READY=1. */
    public synchronized void reloaded(String status, String error) {
        lastStatus = error == null ? status : "reload failed, running config unchanged: " + oneLine(error);
        sender.send("READY=1\nSTATUS=" + lastStatus);
    }

    /** Shutdown has begun; sent once however many times it is asked. */
    public synchronized void stopping() {
        if (!stopping) {
            stopping = true;
            sender.send("STOPPING=1\nSTATUS=stopping watchers");
        }
    }

    /** A new status line; nothing is sent when it did not change or while stopping. */
    public synchronized void status(String status) {
        if (!stopping && !status.equals(lastStatus)) {
            lastStatus = status;
            sender.send("STATUS=" + status);
        }
    }

    /** The keep-alive: called from the supervisor loop, so a stuck loop stops it and systemd notices. */
    public void watchdog() {
        sender.send("WATCHDOG=1");
    }

    /** STATUS= ends at a newline: a multi-line config error keeps its first line and says how many follow. */
    private static String oneLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 1 ? lines[0] : lines[0] + " (+" + (lines.length - 1) + " more lines, see the log)";
    }
}
