package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Rlimit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The option names each section accepts, and where {@code $(circus.wid)} may appear. */
final class KnownKeys {

    static final String DAEMON_SECTION = "jsuperd";
    static final String WATCHER_PREFIX = "watcher:";
    static final String ENV_PREFIX = "env:";
    static final String SOCKET_PREFIX = "socket:";

    /** Keys an included file's {@code [jsuperd]} section may hold. */
    static final Set<String> INCLUDE_KEYS = Set.of("include", "include_dir");

    /** Keys of {@code [jsuperd]}. */
    static final Set<String> DAEMON = ordered(List.of(
            "socket", "http", "logdir", "pidfile", "logfile", "loglevel", "include", "include_dir",
            "http_token", "http_token_file", "socket_group",
            "http_max_connections", "socket_max_connections", "request_timeout", "idle_timeout", "write_timeout",
            "fd_reserve", "minfds", "containment", "statsd", "statsd_socket",
            "socket_username", "socket_password", "http_username", "http_password"));

    /** Keys of {@code [watcher:NAME]} ({@code stop_children} is accepted for old configs and has no effect). */
    static final Set<String> WATCHER = watcherKeys();

    /** Options whose value may keep {@code $(circus.wid)} for spawn time (env values are checked apart). */
    static final Set<String> WID_ALLOWED = Set.of(
            "cmd", "args", "env", "working_dir", "stdout_stream.filename", "stderr_stream.filename");

    private KnownKeys() {
    }

    private static Set<String> watcherKeys() {
        Set<String> keys = new LinkedHashSet<>(List.of(
                "cmd", "args", "shell", "working_dir", "uid", "gid", "env", "env_file", "copy_env", "numprocesses",
                "priority", "autostart", "respawn", "autorestart", "max_retry", "warmup_delay",
                "graceful_timeout", "stop_signal", "stop_children", "send_hup", "redirect_stderr",
                "startsecs", "exitcodes", "umask", "backoff_initial", "backoff_factor", "backoff_max",
                "backoff_reset", "max_restarts", "max_restarts_window", "kill_mode", "memory_max", "cpu_weight",
                "cpu_max", "tasks_max"));
        for (String stream : List.of("stdout_stream", "stderr_stream")) {
            for (String sub : List.of("class", "filename", "max_bytes", "backup_count", "rotate_when", "rotate_interval", "utc",
                    "max_total_bytes", "compress", "time_format")) {
                keys.add(stream + "." + sub);
            }
        }
        for (Rlimit r : Rlimit.values()) {
            keys.add("rlimit_" + r.configName());
        }
        keys.add("ready_deadline");
        keys.addAll(MonitoringBinder.keys());
        keys.addAll(DeployBinder.KEYS);
        for (String role : ProbeBinder.ROLES) {
            keys.add(role);
            ProbeBinder.SUB_KEYS.forEach(sub -> keys.add(role + "." + sub));
        }
        return Collections.unmodifiableSet(keys);
    }

    private static Set<String> ordered(List<String> keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }
}
