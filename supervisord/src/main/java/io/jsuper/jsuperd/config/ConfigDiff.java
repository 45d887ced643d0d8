package io.jsuper.jsuperd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload changes, by watcher name (record equality decides "changed"), plus whether the
 * {@code [jsuperd]} settings changed. Lists follow the new file's order (removed: the old one's).
 */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed, List<String> unchanged,
                         boolean daemonChanged) {

    public ConfigDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
    }

    public static ConfigDiff between(JsuperConfig oldConfig, JsuperConfig newConfig) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        newConfig.watchers().forEach((name, watcher) -> {
            WatcherConfig before = oldConfig.watchers().get(name);
            if (before == null) {
                added.add(name);
            } else if (before.equals(watcher)) {
                unchanged.add(name);
            } else {
                changed.add(name);
            }
        });
        List<String> removed = new ArrayList<>();
        for (String name : oldConfig.watchers().keySet()) {
            if (!newConfig.watchers().containsKey(name)) {
                removed.add(name);
            }
        }
        return new ConfigDiff(added, changed, removed, unchanged,
                !Objects.equals(oldConfig.daemon(), newConfig.daemon()));
    }
}
