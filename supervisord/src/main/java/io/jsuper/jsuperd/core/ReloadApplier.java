package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.ConfigDiff;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Function;

/**
 * Applies a parsed, validated config to the watchers, on the loop: only what differs. Added watchers are
 * created (and started if autostart), changed ones want their newest config (the running processes are
 * replaced, whatever they are doing now), removed ones stop and then disappear. Unchanged ones are left
 * alone; forwarding SIGHUP is the caller's business (the daemon's SIGHUP does it, {@code update} does not).
 */
final class ReloadApplier {
    private static final Logger log = LoggerFactory.getLogger(ReloadApplier.class);

    private final Map<String, Watcher> watchers;
    private final Function<WatcherConfig, Watcher> newWatcher;

    /** {@code watchers} is the supervisor's live map (applied in place); {@code newWatcher} builds an added one. */
    ReloadApplier(Map<String, Watcher> watchers, Function<WatcherConfig, Watcher> newWatcher) {
        this.watchers = watchers;
        this.newWatcher = newWatcher;
    }

    /** What applying {@code next} over {@code current} would change. */
    static ConfigDiff preview(JsuperConfig current, JsuperConfig next) {
        return ConfigDiff.between(current, next);
    }

    /** Applies {@code next}; returns what changed. */
    ConfigDiff apply(JsuperConfig current, JsuperConfig next) {
        ConfigDiff diff = ConfigDiff.between(current, next);
        if (diff.daemonChanged()) {
            log.warn("[jsuperd] settings changed; socket, http and pidfile changes take effect at the next start");
        }
        log.info("reload: added {}, changed {}, removed {}, unchanged {}",
                diff.added(), diff.changed(), diff.removed(), diff.unchanged().size());
        for (String name : diff.removed()) {
            Watcher w = watchers.get(name);
            if (w != null) {
                w.remove();
            }
        }
        for (String name : diff.changed()) {
            watchers.get(name).update(next.watchers().get(name));
        }
        for (String name : diff.added()) {
            WatcherConfig wc = next.watchers().get(name);
            Watcher old = watchers.get(name);
            if (old != null) {
                // removed by an earlier reload and still stopping: it simply wants the newest config again
                old.update(wc);
                continue;
            }
            Watcher w = newWatcher.apply(wc);
            watchers.put(name, w);
            if (wc.autostart()) {
                w.start();
            }
        }
        return diff;
    }
}
