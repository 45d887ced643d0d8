package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.JsuperConfig;

/** Reads the config file again (for reload). */
public interface ConfigSource {

    /** Returns the new config or throws {@link ControlException} with {@link ErrorCode#BAD_CONFIG} listing every error. */
    JsuperConfig load();
}
