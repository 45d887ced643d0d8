package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * supervisorctl's {@code add NAME} and {@code remove NAME}: the config the daemon runs, with only one
 * watcher's part of the re-read file applied (added from it, or dropped). The caller applies the result
 * as a reload, so every other watcher is left exactly as it is.
 */
final class OneWatcherReload {
    private OneWatcherReload() {
    }

    /** {@code running} plus watcher {@code name} from {@code reread}; BAD_NAME or ALREADY_STARTED when that cannot be. */
    static JsuperConfig add(JsuperConfig running, JsuperConfig reread, String name, boolean loaded) {
        WatcherConfig wc = reread.watchers().get(name);
        if (wc == null) {
            throw new ControlException(ErrorCode.BAD_NAME, "no watcher " + name + " in the config file"
                    + " (jsuperctl avail lists what it has)");
        }
        if (loaded) {
            throw new ControlException(ErrorCode.ALREADY_STARTED, name + " is already in use"
                    + " (jsuperctl update applies a changed config)");
        }
        Map<String, WatcherConfig> watchers = new LinkedHashMap<>(running.watchers());
        watchers.put(name, wc);
        return new JsuperConfig(running.source(), running.daemon(), watchers, running.sockets());
    }

    /** {@code running} without watcher {@code name} (its processes are stopped by the reload). */
    static JsuperConfig remove(JsuperConfig running, String name, boolean loaded) {
        if (!loaded) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such watcher: " + name);
        }
        Map<String, WatcherConfig> watchers = new LinkedHashMap<>(running.watchers());
        watchers.remove(name);
        return new JsuperConfig(running.source(), running.daemon(), watchers, running.sockets());
    }
}
