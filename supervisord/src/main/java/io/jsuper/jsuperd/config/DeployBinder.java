package io.jsuper.jsuperd.config;

import java.util.List;

/** Binds {@code use_sockets}, {@code max_surge}, {@code max_unavailable} and {@code release_link} of a watcher. */
final class DeployBinder {

    static final List<String> KEYS = List.of("use_sockets", "max_surge", "max_unavailable", "release_link");

    private DeployBinder() {
    }

    static DeploySettings bind(SectionValues v) {
        DeploySettings d = DeploySettings.DEFAULT;
        int surge = v.integer("max_surge", d.maxSurge(), 0, WatcherBinder.MAX_PROCESSES);
        int unavailable = v.integer("max_unavailable", d.maxUnavailable(), 0, WatcherBinder.MAX_PROCESSES);
        if (surge == 0 && unavailable == 0) {
            v.error(v.has("max_surge") ? "max_surge" : "max_unavailable",
                    "max_surge = 0 and max_unavailable = 0 leave a rolling restart no way to make progress",
                    "max_surge >= 1 (start new processes first) or max_unavailable >= 1 (stop old ones first)");
        }
        return new DeploySettings(v.bool("use_sockets", false), surge, unavailable, v.optionalPath("release_link"));
    }
}
