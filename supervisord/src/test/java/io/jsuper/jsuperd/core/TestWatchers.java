package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.BackoffSettings;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.os.Signal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds watcher configs with the documented defaults for core tests. */
final class TestWatchers {
    String name = "web";
    String cmd = "/bin/sleep";
    String args = "1000";
    int numprocesses = 1;
    int priority = 0;
    AutoRestart autorestart = AutoRestart.TRUE;
    int maxRetry = 5;
    Duration startsecs = Duration.ofSeconds(1);
    Duration graceful = Duration.ofSeconds(30);
    Duration warmup = Duration.ZERO;
    Signal stopSignal = Signal.TERM;
    boolean sendHup = false;
    BackoffSettings backoff = BackoffSettings.defaults();
    Optional<String> uid = Optional.empty();
    Optional<String> gid = Optional.empty();
    Map<String, String> env = Map.of();
    boolean copyEnv = false;
    boolean autostart = true;
    java.util.Set<Integer> exitcodes = Set.of(0);
    int maxRestarts = -1;
    Duration maxRestartsWindow = Duration.ofSeconds(60);
    io.jsuper.jsuperd.config.Probes probes = io.jsuper.jsuperd.config.Probes.NONE;
    io.jsuper.jsuperd.config.WatcherMonitoring monitoring = io.jsuper.jsuperd.config.WatcherMonitoring.NONE;
    io.jsuper.jsuperd.config.DeploySettings deploy = io.jsuper.jsuperd.config.DeploySettings.DEFAULT;

    WatcherConfig build() {
        return new WatcherConfig(name, cmd, args, false, java.nio.file.Path.of("/tmp"), uid, gid,
                env, copyEnv, numprocesses, priority, autostart, autorestart, maxRetry, warmup, graceful, stopSignal,
                sendHup, StreamConfig.defaults(), StreamConfig.defaults(), false, startsecs, exitcodes,
                Map.of(), Optional.empty(), backoff, maxRestarts, maxRestartsWindow,
                io.jsuper.jsuperd.config.KillMode.CONTROL_GROUP, io.jsuper.jsuperd.config.CgroupLimits.NONE, probes,
                monitoring, deploy);
    }
}
