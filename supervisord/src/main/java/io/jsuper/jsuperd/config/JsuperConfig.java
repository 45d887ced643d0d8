package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole, valid configuration: the daemon's settings, every watcher by name (in file order) and the
 * daemon-owned {@code [socket:NAME]} sockets (in file order: that order gives their fds 3, 4, … in a child).
 */
public record JsuperConfig(Path source, DaemonSettings daemon, Map<String, WatcherConfig> watchers,
                           Map<String, SocketConfig> sockets) {

    public JsuperConfig {
        watchers = Collections.unmodifiableMap(new LinkedHashMap<>(watchers));
        sockets = Collections.unmodifiableMap(new LinkedHashMap<>(sockets));
    }

    /** A configuration without sockets. */
    public JsuperConfig(Path source, DaemonSettings daemon, Map<String, WatcherConfig> watchers) {
        this(source, daemon, watchers, Map.of());
    }
}
