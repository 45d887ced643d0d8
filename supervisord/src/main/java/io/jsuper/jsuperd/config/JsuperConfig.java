package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole, valid configuration: the daemon's settings and every watcher by name (in file order). */
public record JsuperConfig(Path source, DaemonSettings daemon, Map<String, WatcherConfig> watchers) {

    public JsuperConfig {
        watchers = Collections.unmodifiableMap(new LinkedHashMap<>(watchers));
    }
}
