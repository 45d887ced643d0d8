package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Shared shape of {@code POST /services/{name}/start|stop|restart|reload}: {@code ?wait=} (default false),
 * the answer is the processes' state when the core replied.
 */
abstract class LifecycleCommand implements ApiCommand {

    @Override
    public final CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        boolean wait = request.flag("wait", false);
        return apply(control, request.param("name"), wait).thenApply(infos -> ApiReply.ok(JsonBodies.services(infos)));
    }

    abstract CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait);
}
