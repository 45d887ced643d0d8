package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.containment.Containment;
import io.jsuper.jsuperd.containment.ContainmentException;
import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.SpawnRequest;
import io.jsuper.jsuperd.os.UserEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a watcher's config into the exact {@link SpawnRequest} for one process, checking what can be
 * checked before forking (working dir, executable on the child's PATH, user and group) so that the
 * common mistakes get a clear reason.
 */
public final class SpawnPlanner {
    /** PATH of a clean environment (copy_env = false). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * Variables of the daemon's own environment that copy_env does not pass on: the launcher sets
     * {@code _JAVA_SR_SIGNUM} for jsuperd's JVM only (a child JVM would take it as its own setting); systemd's
     * notify variables are jsuperd's (a child that sent READY=1 or WATCHDOG=1 there would speak for jsuperd);
     * the socket hand-over of a daemon restart names jsuperd's descriptors.
     */
    static final Set<String> DAEMON_ONLY = Set.of("_JAVA_SR_SIGNUM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
            "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "JSUPERD_HANDED_OVER_SOCKETS");

    private final Posix posix;
    private final Map<String, String> daemonEnv;
    private final Containment containment;
    private final ListenSockets sockets;
    /** The NOTIFY_SOCKET children with a notify check get (empty: notify checks cannot pass). */
    private final Optional<String> notifySocket;
    private final Map<String, SplitCommand> splitCommands = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SPLIT_COMMANDS = 4096;

    /** A planner whose processes are contained as jsuper did before cgroups (process-group kill on stop). */
    public SpawnPlanner(Posix posix, Map<String, String> daemonEnv) {
        this(posix, daemonEnv, Containment.groupKillOnStop(posix));
    }

    public SpawnPlanner(Posix posix, Map<String, String> daemonEnv, Containment containment) {
        this(posix, daemonEnv, containment, Optional.empty());
    }

    public SpawnPlanner(Posix posix, Map<String, String> daemonEnv, Containment containment,
                        Optional<String> notifySocket) {
        this(posix, daemonEnv, containment, notifySocket, ListenSockets.NONE);
    }

    /** {@code sockets}: the daemon-owned sockets that {@code use_sockets} watchers inherit. */
    public SpawnPlanner(Posix posix, Map<String, String> daemonEnv, Containment containment,
                        Optional<String> notifySocket, ListenSockets sockets) {
        this.posix = posix;
        this.daemonEnv = Map.copyOf(daemonEnv);
        this.containment = containment;
        this.notifySocket = notifySocket;
        this.sockets = sockets;
    }

    /** The daemon-owned sockets (none unless the daemon binds some). */
    public ListenSockets sockets() {
        return sockets;
    }

    /** Where spawned processes are kept and what happens to their leftovers (see docs/containment.md). */
    public Containment containment() {
        return containment;
    }

    /** Thrown with a reason an operator can act on. */
    public static final class PlanException extends Exception {
        public PlanException(String message) {
            super(message);
        }
    }

    public SpawnRequest plan(WatcherConfig watcher, int wid) throws PlanException {
        return plan(watcher, wid, wid);
    }

    /** Process {@code wid}, contained in the leaf {@code leaf} of its watcher (wid, or its rolling-restart twin). */
    public SpawnRequest plan(WatcherConfig watcher, int wid, int leaf) throws PlanException {
        List<String> argv = new java.util.ArrayList<>(argv(watcher, wid));
        SpawnRequest request = planCommand(watcher, wid, argv, Map.of(), true);
        if (watcher.monitoring().listener().isPresent()) {
            request = request.withOpenStdin(); // a supervisord event listener reads its events there
        }
        try {
            return containment.place(watcher, leaf, request);
        } catch (ContainmentException e) {
            throw new PlanException(e.getMessage());
        }
    }

    /**
     * The split command line of {@code watcher}, split once per config (a respawn or a bring-up of a thousand
     * processes reuses it) unless it names the process's wid. Immutable: callers copy it before changing it.
     */
    private List<String> argv(WatcherConfig watcher, int wid) throws PlanException {
        SplitCommand cached = splitCommands.get(watcher.name());
        if (cached != null && cached.config() == watcher) {
            return cached.argv();
        }
        List<String> argv;
        try {
            argv = List.copyOf(CommandLine.argv(watcher, wid));
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage());
        }
        if (!CommandLine.namesWid(watcher)) {
            if (splitCommands.size() >= MAX_SPLIT_COMMANDS) {
                splitCommands.clear(); // names of watchers long removed by reloads: start over
            }
            splitCommands.put(watcher.name(), new SplitCommand(watcher, argv));
        }
        return argv;
    }

    /** A watcher's argv, valid for exactly that config object (a reload or restart brings a new one). */
    private record SplitCommand(WatcherConfig config, List<String> argv) {
    }

    /**
     * A side command of a process (an exec check, an alarm): {@code argv} with the watcher's user, groups,
     * umask, rlimits, working directory and environment plus {@code extraEnv}; stderr merged into stdout.
     * Not placed in a cgroup: the caller decides.
     */
    public SpawnRequest planSide(WatcherConfig watcher, int wid, List<String> argv, Map<String, String> extraEnv)
            throws PlanException {
        SpawnRequest r = planCommand(watcher, wid, argv, extraEnv, false);
        return new SpawnRequest(r.argv(), r.env(), r.workingDir(), r.identity(), r.umask(), r.rlimits(), true);
    }

    /** {@code withSockets}: the main process of a use_sockets watcher gets the daemon's sockets; side commands never. */
    private SpawnRequest planCommand(WatcherConfig watcher, int wid, List<String> argv, Map<String, String> extraEnv,
                                     boolean withSockets) throws PlanException {
        Optional<SpawnRequest.Identity> identity = identity(watcher);
        Optional<UserEntry> user = watcher.uid().flatMap(posix::lookupUser);
        Map<String, String> env = environment(watcher, wid, user);
        env.putAll(extraEnv);
        List<Integer> listenFds = withSockets ? SocketInheritance.apply(watcher, argv, env, sockets) : List.of();
        if (argv.isEmpty()) {
            throw new PlanException("cmd is empty");
        }
        Path dir = Path.of(CommandLine.expandWid(watcher.workingDir().toString(), wid));
        if (!Files.isDirectory(dir)) {
            throw new PlanException("working_dir " + dir + ": No such directory");
        }
        checkExecutable(argv.get(0), env.get("PATH"), dir);
        return new SpawnRequest(argv, env, dir, identity, watcher.umask(), watcher.rlimits(),
                watcher.redirectStderr()).withListenFds(listenFds);
    }

    private Optional<SpawnRequest.Identity> identity(WatcherConfig watcher) throws PlanException {
        if (watcher.uid().isEmpty() && watcher.gid().isEmpty()) {
            return Optional.empty();
        }
        int euid = posix.geteuid();
        UserEntry user = null;
        if (watcher.uid().isPresent()) {
            String name = watcher.uid().get();
            user = posix.lookupUser(name).orElseThrow(() -> new PlanException("unknown user: " + name));
        }
        int gid;
        if (watcher.gid().isPresent()) {
            String name = watcher.gid().get();
            gid = posix.lookupGroup(name).map(GroupEntry::gid)
                    .orElseThrow(() -> new PlanException("unknown group: " + name));
        } else {
            gid = user.gid();
        }
        if (euid != 0) {
            boolean sameUser = user == null || user.uid() == euid;
            if (!sameUser || watcher.gid().isPresent()) {
                throw new PlanException("jsuperd runs as uid " + euid + " and cannot switch to "
                        + (user != null ? "user " + user.name() : "group " + watcher.gid().get())
                        + ": only root can run a watcher as another user or group");
            }
            return Optional.empty();
        }
        int uid = user != null ? user.uid() : euid;
        List<Integer> groups = user != null ? posix.groupsOf(user.name(), gid) : List.of(gid);
        return Optional.of(new SpawnRequest.Identity(uid, gid, groups));
    }

    /**
     * Lowest to highest: the daemon's environment (copy_env) or the clean one; the target user's
     * HOME, USER, LOGNAME, SHELL; the watcher's env (env_file, then env, then [env:NAME], merged at
     * load); the worker-id variables, which the config cannot override.
     */
    private Map<String, String> environment(WatcherConfig watcher, int wid, Optional<UserEntry> user) {
        Map<String, String> env = new LinkedHashMap<>();
        if (watcher.copyEnv()) {
            env.putAll(daemonEnv);
            env.keySet().removeAll(DAEMON_ONLY);
        } else {
            env.put("PATH", DEFAULT_PATH);
            copyIfSet(env, "LANG");
            copyIfSet(env, "TZ");
        }
        user.ifPresent(u -> {
            env.put("HOME", u.home());
            env.put("USER", u.name());
            env.put("LOGNAME", u.name());
            env.put("SHELL", u.shell());
        });
        watcher.env().forEach((k, v) -> env.put(k, CommandLine.expandWid(v, wid)));
        if (watcher.probes().usesNotify()) {
            notifySocket.ifPresent(socket -> env.put("NOTIFY_SOCKET", socket));
        }
        env.put("CIRCUS_WID", Integer.toString(wid));
        env.put("JSUPER_WID", Integer.toString(wid));
        env.put("JSUPER_WATCHER", watcher.name());
        return env;
    }

    /**
     * A variable of the environment process {@code wid} of {@code watcher} gets, as far as the config decides it
     * (not the user's HOME, USER… nor NOTIFY_SOCKET): for the references of its health checks.
     */
    public Optional<String> envValue(WatcherConfig watcher, int wid, String name) {
        switch (name) {
            case "CIRCUS_WID", "JSUPER_WID" -> {
                return Optional.of(Integer.toString(wid));
            }
            case "JSUPER_WATCHER" -> {
                return Optional.of(watcher.name());
            }
            default -> {
                String configured = watcher.env().get(name);
                if (configured != null) {
                    return Optional.of(CommandLine.expandWid(configured, wid));
                }
                boolean inherited = watcher.copyEnv() ? !DAEMON_ONLY.contains(name)
                        : name.equals("LANG") || name.equals("TZ");
                return inherited ? Optional.ofNullable(daemonEnv.get(name))
                        : name.equals("PATH") ? Optional.of(DEFAULT_PATH) : Optional.empty();
            }
        }
    }

    private void copyIfSet(Map<String, String> env, String key) {
        String value = daemonEnv.get(key);
        if (value != null) {
            env.put(key, value);
        }
    }

    private static void checkExecutable(String program, String path, Path dir) throws PlanException {
        if (program.contains("/")) {
            Path p = dir.resolve(program);
            if (!Files.exists(p)) {
                throw new PlanException("cmd " + program + ": No such file or directory");
            }
            if (Files.isDirectory(p) || !Files.isExecutable(p)) {
                throw new PlanException("cmd " + program + ": Permission denied (not an executable file)");
            }
            return;
        }
        String searched = path == null ? "" : path;
        for (String entry : searched.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return;
            }
        }
        throw new PlanException("cmd " + program + ": command not found on PATH=" + searched);
    }
}
