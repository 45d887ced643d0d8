package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.JsuperConfig;

/** Reads the config file again (for reload). */
public interface ConfigSource {

    /** Returns the new config or throws {@link ControlException} with {@link ErrorCode#BAD_CONFIG} listing every error. */
    JsuperConfig load();

    /**
     * The file's current definition for {@code restart}: an implementation may answer its last load when none
     * of the files that load read has changed since (docs/zero-downtime.md), else it loads.
     */
    default JsuperConfig loadUnlessUnchanged() {
        return load();
    }

    /**
     * The last load's config when none of the files it read has changed, else null (a load is needed). Only
     * stats those files (no parse), so restart calls it on the caller's thread and hands the loop the answer
     * directly instead of going through the parser thread first.
     */
    default JsuperConfig unchangedOrNull() {
        return null;
    }
}
