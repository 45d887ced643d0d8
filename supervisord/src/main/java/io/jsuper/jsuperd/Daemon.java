package io.jsuper.jsuperd;

import io.jsuper.jsuperd.api.ApiServer;
import io.jsuper.jsuperd.api.ApiSettings;
import io.jsuper.jsuperd.config.ConfigError;
import io.jsuper.jsuperd.config.ConfigException;
import io.jsuper.jsuperd.config.ConfigLoader;
import io.jsuper.jsuperd.config.Dialect;
import io.jsuper.jsuperd.config.DaemonSettings;
import io.jsuper.jsuperd.config.DescriptorBudget;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.containment.CgroupProbe;
import io.jsuper.jsuperd.containment.ContainmentSetup;
import io.jsuper.jsuperd.core.Clock;
import io.jsuper.jsuperd.health.NetworkProbeRunner;
import io.jsuper.jsuperd.events.BusPublishingListener;
import io.jsuper.jsuperd.events.listener.ListenerPools;
import io.jsuper.jsuperd.events.listener.SupervisordEvents;
import io.jsuper.jsuperd.events.LogDropEvents;
import io.jsuper.jsuperd.metrics.Monitoring;
import io.jsuper.jsuperd.metrics.StatsdListener;
import io.jsuper.jsuperd.core.ConfigSource;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.AlarmCommands;
import io.jsuper.jsuperd.core.ProcessContext;
import io.jsuper.jsuperd.core.SideCommands;
import io.jsuper.jsuperd.core.SpawnPlanner;
import io.jsuper.jsuperd.core.Supervisor;
import io.jsuper.jsuperd.core.SupervisorLoop;
import io.jsuper.jsuperd.logs.EpollOutputPump;
import io.jsuper.jsuperd.logs.DaemonSinkFactory;
import io.jsuper.jsuperd.notify.NotifyFields;
import io.jsuper.jsuperd.notify.PeerDatagramSocket;
import io.jsuper.jsuperd.notify.SystemdLink;
import io.jsuper.jsuperd.os.jna.JnaPosix;
import io.jsuper.jsuperd.os.jna.LibC;
import io.jsuper.jsuperd.os.jna.OpenFileLimit;
import io.jsuper.jsuperd.os.jna.WaitidChildReaper;
import io.jsuper.jsuperd.sockets.DaemonSockets;
import io.jsuper.jsuperd.sockets.NativeOpener;
import io.jsuper.jsuperd.sockets.SocketHandOver;
import io.jsuper.jsuperd.core.ReleaseHistoryFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Wires the daemon together in order (config, log, OS layer, loop, API, watchers) and takes it down in reverse. */
final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** A start-up problem that is not a config error (socket in use, pidfile of a live daemon…). */
    static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }

    private static final int IO_QUEUE = 4;
    /** Exec checks and alarm commands running at once, over all watchers (more fail at once: docs/monitoring.md). */
    private static final int SIDE_COMMANDS = 64;
    /** The {@code server:} of every event listener envelope: supervisord's default identifier. */
    private static final String SUPERVISORD_SERVER_NAME = "supervisor";

    private final Path configPath;
    private final Dialect dialect;
    private final JsuperConfig config;
    private List<io.jsuper.jsuperd.config.ConfigError> differences = List.of();
    private volatile int euid = -1; // set at start, read by reloads on the loop thread
    /** The last good load and what it read: a restart on an unchanged file does not parse it again. */
    private volatile LastLoad lastLoad;

    private record LastLoad(JsuperConfig config, io.jsuper.jsuperd.config.ConfigInputs inputs) {
    }
    private SocketHandOver.Plan handedOverSockets = SocketHandOver.Plan.NONE;

    private Daemon(Path configPath, Dialect dialect, JsuperConfig config) {
        this.configPath = configPath;
        this.dialect = dialect;
        this.config = config;
    }

    static Daemon load(Path configPath) throws ConfigException {
        return load(configPath, Dialect.AUTO);
    }

    /** {@code dialect} forces how the main file is read (supervisord, Circus, jsuper); AUTO goes by its sections. */
    static Daemon load(Path configPath, Dialect dialect) throws ConfigException {
        return load(configPath, dialect, false);
    }

    /** @param checkRun {@code --check}: also the checks a start leaves to spawn time (uid vs working_dir) */
    static Daemon load(Path configPath, Dialect dialect, boolean checkRun) throws ConfigException {
        ConfigLoader.Loaded loaded = loadBounded(configPath, dialect, checkRun);
        JsuperConfig config = loaded.config();
        OpenFileLimit.Limits limits = OpenFileLimit.raise(config.daemon().minfds());
        DescriptorBudget.check(config, limits.soft(), limits.hard());
        Daemon daemon = new Daemon(configPath, dialect, config);
        daemon.differences = loaded.warnings();
        daemon.lastLoad = new LastLoad(config, io.jsuper.jsuperd.config.ConfigInputs.of(loaded.inputs(),
                java.time.Clock.systemUTC()));
        return daemon;
    }

    /** --check: every difference in meaning from supervisord's or Circus's reading of the file (not logged then). */
    List<io.jsuper.jsuperd.config.ConfigError> differences() {
        return differences;
    }

    /**
     * Loads the config; running out of memory or stack while doing so (the config has bounds, this is the
     * last line) is a config error too, so that a reload never takes the running daemon down.
     */
    private static ConfigLoader.Loaded loadBounded(Path configPath, Dialect dialect, boolean checkRun) throws ConfigException {
        try {
            if (checkRun) { // --check prints the differences itself, one plain line each
                return ConfigLoader.loadWithWarnings(configPath, System.getenv(), new HostAccounts(true), hostCgroups(), dialect);
            }
            return ConfigLoader.loadLogged(configPath, new HostAccounts(false), hostCgroups(), dialect);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new ConfigException(List.of(new ConfigError(configPath, 0, null, null,
                    "loading the config ran out of " + (e instanceof OutOfMemoryError ? "memory" : "stack"),
                    "a smaller config (see Limits in docs/configuration.md)")), configPath.getParent());
        }
    }

    /** What {@code --check} adds to the config's validation: the checks a real start makes before it binds anything (token file). */
    void preflight() throws StartupException {
        apiSettings(config.daemon());
    }

    int watcherCount() {
        return config.watchers().size();
    }

    int runUntilShutdown() throws StartupException {
        DaemonSettings settings = config.daemon();
        DaemonLogging.apply(settings);
        ApiSettings apiSettings = apiSettings(settings);
        JnaPosix posix = new JnaPosix(spawnHelper());
        euid = posix.geteuid();
        warnAboutRootChildren(config, euid);
        createDirectory(settings.logdir(), "logdir");
        PidFile pidFile = settings.pidfile().isPresent()
                ? PidFile.write(settings.pidfile().get(), ProcessHandle.current().pid(), configPath) : null;
        SupervisorLoop loop = new SupervisorLoop();
        ContainmentSetup containment = startContainment(settings, posix, loop, pidFile);
        WaitidChildReaper reaper = new WaitidChildReaper();
        EpollOutputPump pump = new EpollOutputPump();
        ConfigSource source = new ConfigSource() {
            @Override
            public JsuperConfig load() {
                return reload();
            }

            @Override
            public JsuperConfig loadUnlessUnchanged() {
                JsuperConfig unchanged = unchangedOrNull();
                return unchanged != null ? unchanged : reload();
            }

            @Override
            public JsuperConfig unchangedOrNull() {
                LastLoad last = lastLoad;
                return last != null && last.inputs().unchanged() ? last.config() : null;
            }
        };
        ThreadPoolExecutor io = ioThread();
        // Health checks block on sockets with timeouts: a few threads, a bounded queue (docs/monitoring.md).
        NetworkProbeRunner probeRunner = new NetworkProbeRunner(4, 4096);
        DaemonSockets sockets = new DaemonSockets(new NativeOpener());
        Monitoring monitoring = Monitoring.fresh();
        Optional<PeerDatagramSocket> notify = bindNotifySocket();
        SpawnPlanner planner = new SpawnPlanner(posix, System.getenv(), containment.containment(),
                notify.map(PeerDatagramSocket::address), sockets);
        SideCommands sideCommands = new SideCommands(posix, pump, loop, Clock.SYSTEM, planner, reaper::childSpawned,
                SIDE_COMMANDS);
        // supervisord's event listeners ([eventlistener:x]): pools fed from the core's notifications, on the loop
        ListenerPools listenerPools = new ListenerPools(loop, posix, SUPERVISORD_SERVER_NAME);
        AtomicReference<SupervisordEvents> supervisordEvents = new AtomicReference<>();
        Supervisor supervisor = new Supervisor(loop, reaper, source, io, owner -> {
            SupervisordEvents events = new SupervisordEvents(
                    new BusPublishingListener(new AlarmCommands(owner, sideCommands, System::currentTimeMillis),
                            monitoring.events(), monitoring.daemon()),
                    listenerPools, () -> owner.config().watchers(), loop, System::currentTimeMillis);
            supervisordEvents.set(events);
            return new ProcessContext(posix, pump, loop, Clock.SYSTEM, planner,
                    new DaemonSinkFactory(euid),
                    () -> owner.config().daemon().logdir(),
                    events,
                    probeRunner,
                    sideCommands,
                    listenerPools);
        });
        notify.ifPresent(socket -> socket.start("jsuperd-notify",
                d -> supervisor.notified(d.lineage(), NotifyFields.parse(d.data()))));
        SystemdLink systemd = SystemdLink.forThisProcess(supervisor::statusWithoutUsage, loop); // states only
        // Every shutdown path (SIGTERM from systemctl stop, SIGINT, REST, XML-RPC) goes through the core:
        // STOPPING=1 leaves when it begins, while the watchers are still being stopped and the API still answers.
        // A daemon restart is a shutdown too, but the same MAINPID comes back with READY=1 after the exec.
        supervisor.shutdownBegun().thenRun(() -> {
            if (supervisordEvents.get() != null) { // on the loop, before the first watcher is stopped
                supervisordEvents.get().supervisorStopping();
            }
            if (supervisor.restartRequested()) {
                systemd.reloading();
            } else {
                systemd.stopping();
            }
        });
        // Before anything is spawned: a TERM during boot must stop what boot started, not be lost.
        SignalBridge.install(new SignalBridge.Commands() {
            @Override
            public void shutdown() {
                systemd.stopping();
                supervisor.shutdown();
            }

            @Override
            public void reloadConfig() {
                systemd.reloading();
                supervisor.reloadConfigAndHangUp().whenComplete((plan, error) -> {
                    systemd.reloaded(error == null ? null : rootMessage(error));
                    if (error != null) {
                        log.error("reload failed, running config unchanged: {}", rootMessage(error));
                    }
                });
            }

            @Override
            public void reopenLogs() {
                supervisor.reopenLogs();
                try {
                    // file I/O never runs on the signal thread (nor on the loop)
                    io.execute(() -> {
                        DaemonLogging.reopen(supervisor.config().daemon());
                        log.info("reopened the output files and the daemon's log file");
                    });
                } catch (RejectedExecutionException e) {
                    log.warn("SIGUSR2 ignored: the daemon's I/O thread is busy (reloads queued)");
                }
            }
        });
        // Before the socket is bound: a client must never see this daemon before the old set is gone.
        containment.recover(config, settings.socket());
        ApiServer api = new ApiServer(apiSettings, supervisor, monitoring, remoteCommEvents(loop, supervisordEvents));
        Optional<PeerDatagramSocket> statsdSocket = Optional.empty();
        try {
            // before any watcher starts: they inherit them; after a daemon restart, unchanged ones are the old ones
            sockets.bindAll(config.sockets(), SocketHandOver.parse(System.getenv(SocketHandOver.VARIABLE),
                    ProcessHandle.current().pid(), log::warn));
            api.start();
            if (settings.statsd().isPresent()) { // daemon thread: ends with the JVM
                StatsdListener.start(settings.statsd().get(), monitoring.statsd());
            }
            statsdSocket = settings.statsdSocket().map(path -> {
                // the sender's pid (from the kernel) tells which process sent a line: watcher and process labels
                PeerDatagramSocket s = PeerDatagramSocket.bind(path.toString(), PeerDatagramSocket.MAX_DATAGRAM);
                s.start("jsuperd-statsd-unix", d -> monitoring.statsd().accept(d.text(), supervisor.sourceOf(d.lineage())));
                log.info("StatsD listening on unix datagram socket {}", path);
                return s;
            });
        } catch (Exception e) {
            sockets.closeAll();
            api.stop();
            containment.abandon();
            loop.close();
            if (pidFile != null) {
                pidFile.remove();
            }
            throw new StartupException(e.getMessage());
        }
        pump.start();
        reaper.start(supervisor);
        supervisor.keepReleaseHistoryIn(ReleaseHistoryFile.beside(settings.socket())); // rollback survives restarts
        supervisor.boot(config).join();
        loop.execute(() -> {
            if (supervisordEvents.get() != null) {
                supervisordEvents.get().supervisorRunning();
            }
        });
        log.info("jsuperd {} started: pid {}, config {}, socket {}{}", Version.current(), ProcessHandle.current().pid(),
                configPath, settings.socket(), settings.http().map(h -> ", http " + h).orElse(""));
        systemd.ready();
        LogDropEvents logDrops = new LogDropEvents(monitoring.events(), loop, supervisor::statusWithoutUsage,
                LogDropEvents.DEFAULT_INTERVAL);
        logDrops.start();
        supervisor.terminated().join();
        logDrops.stop();
        // STOPPING=1 (or RELOADING=1 for a daemon restart) already left when the shutdown began.
        boolean restart = supervisor.restartRequested();
        api.stop();
        if (restart) { // the new jsuperd in this process keeps them open: connections queue meanwhile
            handedOverSockets = sockets.handOver(ProcessHandle.current().pid());
        } else {
            sockets.closeAll();
        }
        notify.ifPresent(PeerDatagramSocket::close);
        statsdSocket.ifPresent(PeerDatagramSocket::close);
        containment.close(); // needs the loop and the reaper: they reap the strays it stops
        io.shutdownNow();
        pump.close();
        reaper.close();
        loop.close();
        if (pidFile != null) {
            pidFile.remove();
        }
        if (restart) {
            log.info("jsuperd restarting: executing a fresh jsuperd in this process");
            return Jsuperd.EXIT_RESTART;
        }
        log.info("jsuperd exiting");
        return Jsuperd.EXIT_OK;
    }

    /** supervisord's {@code sendRemoteCommEvent}: published on the loop, where the listener pools live. */
    private static io.jsuper.jsuperd.api.xmlrpc.RemoteCommEvents remoteCommEvents(
            SupervisorLoop loop, AtomicReference<SupervisordEvents> events) {
        return (type, data) -> loop.call(() -> {
            if (events.get() != null) {
                events.get().remoteCommunication(type, data);
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        });
    }

    /**
     * The NOTIFY_SOCKET of watchers with a notify check: an abstract socket with a random name, so nothing
     * has to be reachable in the file system by the children's users. Without it notify checks never pass
     * (and say so in their status), everything else works.
     */
    /** After a run that ended in a daemon restart: the sockets the exec hands to the new jsuperd. */
    SocketHandOver.Plan handedOverSockets() {
        return handedOverSockets;
    }

    private static Optional<PeerDatagramSocket> bindNotifySocket() {
        try {
            return Optional.of(PeerDatagramSocket.bind(PeerDatagramSocket.randomAbstractAddress(),
                    PeerDatagramSocket.NOTIFY_MAX_MESSAGE));
        } catch (RuntimeException | LinkageError e) {
            log.warn("no NOTIFY_SOCKET for children ({}): notify checks cannot pass", e.getMessage());
            return Optional.empty();
        }
    }

    private static ContainmentSetup startContainment(DaemonSettings settings, JnaPosix posix, SupervisorLoop loop,
                                                     PidFile pidFile) throws StartupException {
        try {
            return ContainmentSetup.start(settings.containment(), CgroupProbe.host(posix.geteuid(), System.getenv(),
                    CgroupProbe.instanceOf(settings.socket())), settings.socket(), posix, loop::execute);
        } catch (ContainmentSetup.UnavailableException e) {
            loop.close();
            if (pidFile != null) {
                pidFile.remove();
            }
            throw new StartupException(e.getMessage());
        }
    }

    /** What cgroup v2 offers on this host, for refusing limits that cannot be applied (instance-independent). */
    private static CgroupProbe hostCgroups() {
        return CgroupProbe.host(LibC.INSTANCE.geteuid(), System.getenv(), "config-check");
    }

    /**
     * One thread for config parsing (reload and its preview) and the daemon log's reopen, so neither runs on
     * the loop or the signal thread. A few requests may queue; more are refused (OVERLOADED) instead of piling up.
     */
    private static ThreadPoolExecutor ioThread() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(IO_QUEUE), r -> {
            Thread t = new Thread(r, "jsuperd-io");
            t.setDaemon(true);
            return t;
        });
    }

    private JsuperConfig reload() {
        try {
            ConfigLoader.Loaded loaded = loadBounded(configPath, dialect, false);
            JsuperConfig next = loaded.config();
            OpenFileLimit.Limits limits = OpenFileLimit.current();
            DescriptorBudget.check(next, limits.soft(), limits.hard());
            warnAboutRootChildren(next, euid);
            lastLoad = new LastLoad(next, io.jsuper.jsuperd.config.ConfigInputs.of(loaded.inputs(), java.time.Clock.systemUTC()));
            return next;
        } catch (ConfigException e) {
            throw new ControlException(ErrorCode.BAD_CONFIG, e.getMessage());
        }
    }

    private static ApiSettings apiSettings(DaemonSettings settings) throws StartupException {
        Optional<String> token = settings.httpToken();
        if (settings.httpTokenFile().isPresent()) {
            token = Optional.of(readTokenFile(settings.httpTokenFile().get()));
        }
        return new ApiSettings(settings.socket(), settings.socketGroup(), settings.http(), token,
                settings.connectionLimits());
    }

    /** The token file must be private to the daemon's user: a token others can read guards nothing. */
    private static String readTokenFile(Path file) throws StartupException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new StartupException("http_token_file " + file + " is readable by group or others ("
                        + PosixFilePermissions.toString(perms) + "); chmod 600 it");
            }
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new StartupException("http_token_file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new StartupException("cannot read http_token_file " + file + ": " + e.getMessage());
        }
    }

    private static Path spawnHelper() throws StartupException {
        String helper = System.getProperty("jsuper.spawnHelper");
        if (helper == null || !Files.isExecutable(Path.of(helper))) {
            throw new StartupException("spawn helper not found (system property jsuper.spawnHelper="
                    + helper + "); start jsuperd through bin/jsuperd");
        }
        return Path.of(helper);
    }

    /**
     * A root daemon runs a watcher without {@code uid} as root. That is allowed (supervisord and
     * Circus do the same, and refusing would break every existing config) but rarely meant, so it is
     * said at every load; {@code uid = root} states the intent and silences it.
     */
    private static void warnAboutRootChildren(JsuperConfig config, int euid) {
        if (euid != 0) {
            return;
        }
        for (WatcherConfig w : config.watchers().values()) {
            if (w.uid().isEmpty()) {
                log.warn("watcher {} names no uid: its processes will run as root"
                        + " (set uid = USER, or uid = root to say that root is meant)", w.name());
            }
        }
    }

    private static void createDirectory(Path dir, String what) throws StartupException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + what + " " + dir + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof ControlException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
