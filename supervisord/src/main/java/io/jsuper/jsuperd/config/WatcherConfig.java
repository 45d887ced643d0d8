package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Rlimit;
import io.jsuper.jsuperd.os.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code [watcher:NAME]} section, fully bound and validated. Pure data: record equality decides
 * whether a reload changed the watcher. Values still holding {@code $(circus.wid)} are expanded per
 * process at spawn time.
 *
 * @param cmd          program (and, without shell, leading arguments), as written
 * @param args         further arguments, as written (split like a POSIX shell unless {@code shell})
 * @param shell        run "cmd args" through /bin/sh -c
 * @param env          variables from {@code env} and {@code [env:NAME]}, already expanded at load time
 * @param copyEnv      start from the daemon's environment (else from a minimal clean one)
 * @param workingDir   directory the process starts in (the config file's directory unless set)
 * @param maxRetry     failed starts in a row (before RUNNING) before FATAL; -1 retries forever
 * @param maxRestarts  restarts after a crash allowed within {@code maxRestartsWindow}; -1: no limit
 * @param exitcodes    exit codes that count as expected for {@code autorestart = unexpected}
 * @param killMode     whether a crash of the main process also kills what it left ({@code kill_mode})
 * @param limits       cgroup v2 limits of the watcher ({@code memory_max}, {@code cpu_weight}…)
 * @param probes       health checks ({@code startup}, {@code readiness}, {@code liveness}); see docs/monitoring.md
 * @param monitoring   static metric labels and alarm commands; see docs/monitoring.md
 * @param deploy       sockets, rolling restart pace and release link; see docs/zero-downtime.md
 */
public record WatcherConfig(
        String name,
        String cmd,
        String args,
        boolean shell,
        Path workingDir,
        Optional<String> uid,
        Optional<String> gid,
        Map<String, String> env,
        boolean copyEnv,
        int numprocesses,
        int priority,
        boolean autostart,
        AutoRestart autorestart,
        int maxRetry,
        Duration warmupDelay,
        Duration gracefulTimeout,
        Signal stopSignal,
        boolean sendHup,
        StreamConfig stdout,
        StreamConfig stderr,
        boolean redirectStderr,
        Duration startsecs,
        Set<Integer> exitcodes,
        Map<Rlimit, Long> rlimits,
        Optional<Integer> umask,
        BackoffSettings backoff,
        int maxRestarts,
        Duration maxRestartsWindow,
        KillMode killMode,
        CgroupLimits limits,
        Probes probes,
        WatcherMonitoring monitoring,
        DeploySettings deploy) {

    public WatcherConfig {
        env = Map.copyOf(env);
        exitcodes = Set.copyOf(exitcodes);
        rlimits = Map.copyOf(rlimits);
        deploy = java.util.Objects.requireNonNullElse(deploy, DeploySettings.DEFAULT);
    }
}
