package io.jsuper.jsuperd.core;

import java.util.List;

/** What a config reload changes (or would change, for a dry run): watcher names in each bucket. */
public record ReloadPlan(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
    public ReloadPlan {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
    }
}
