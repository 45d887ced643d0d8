package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.RestartMode;

/** Reads the {@code mode} query parameter of restart and reload. */
final class RestartModeParam {
    private RestartModeParam() {
    }

    static RestartMode of(ApiRequest request) {
        return request.query("mode").map(text -> RestartMode.parse(text).orElseThrow(() -> new ControlException(
                ErrorCode.BAD_REQUEST, "mode=" + text + " is not a restart mode (all-at-once, sequential or default)")))
                .orElse(RestartMode.DEFAULT);
    }
}
