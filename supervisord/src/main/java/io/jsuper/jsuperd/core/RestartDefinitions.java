package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code restart NAME} uses the config file's definition of the watcher as it is now (issue 12): each
 * restarted watcher whose section changed in the file takes the new one before it restarts. Only the
 * restarted watchers: the others, and the {@code [socket:NAME]} and {@code [jsuperd]} sections, change with
 * {@code update}/{@code reload} only. Used on the loop.
 */
final class RestartDefinitions {
    private static final Logger log = LoggerFactory.getLogger(RestartDefinitions.class);

    private RestartDefinitions() {
    }

    /** Gives each of {@code targets} its definition from {@code file}; returns the config now in force. */
    static JsuperConfig adopt(JsuperConfig running, JsuperConfig file, List<Watcher> targets) {
        Map<String, WatcherConfig> watchers = null; // copied only when a definition changed: most restarts change none
        for (Watcher w : targets) {
            WatcherConfig now = file.watchers().get(w.name());
            if (now == null) {
                log.warn("restart {}: it is no longer in the config file; restarted with the definition it runs "
                        + "(jsuperctl update removes it)", w.name());
                continue;
            }
            WatcherConfig before = running.watchers().get(w.name());
            // an unchanged file answers the very records the running config holds: skip the deep comparison
            if (now != before && !now.equals(before)) {
                log.info("restart {}: its section in the config file changed; the new processes use the new definition",
                        w.name());
                w.adopt(now);
                if (watchers == null) {
                    watchers = new LinkedHashMap<>(running.watchers());
                }
                watchers.put(w.name(), now);
            }
        }
        return watchers != null ? new JsuperConfig(running.source(), running.daemon(), watchers, running.sockets())
                : running;
    }
}
