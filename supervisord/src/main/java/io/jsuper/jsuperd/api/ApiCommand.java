package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.concurrent.CompletableFuture;

/**
 * One API command (one class per command). Runs on the channel's event loop; must not block.
 * Expected failures complete the future with a {@code ControlException} (or throw one synchronously).
 */
public interface ApiCommand {
    CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control);
}
