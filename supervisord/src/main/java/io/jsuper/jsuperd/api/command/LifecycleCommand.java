package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.Goal;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Shared shape of {@code POST /services/{name}/start|stop|restart|reload}: {@code ?wait=} (default false).
 * The answer is the processes' state when the core replied; after a wait each process also says whether it
 * reached the command's goal ({@code "ok"}). When the answer fails (the API's timeout), the core's wait is
 * cancelled, so nothing keeps waiting for a client that has gone.
 */
abstract class LifecycleCommand implements ApiCommand {

    @Override
    public final CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        boolean wait = request.flag("wait", false);
        CompletableFuture<List<ProcessInfo>> core = apply(control, request, request.param("name"), wait);
        CompletableFuture<ApiReply> reply = core.thenApply(infos -> ApiReply.ok(wait
                ? JsonBodies.outcome(infos, goal()) : JsonBodies.services(infos)));
        reply.whenComplete((ok, error) -> {
            if (error != null) {
                core.cancel(false);
            }
        });
        return reply;
    }

    abstract CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, String name, boolean wait);

    /** For commands with more query parameters than {@code wait} (restart's and reload's {@code mode}). */
    CompletableFuture<List<ProcessInfo>> apply(SupervisorControl control, ApiRequest request, String name, boolean wait) {
        return apply(control, name, wait);
    }

    /** What the processes are brought to: up for start, restart and reload. */
    Goal goal() {
        return Goal.UP;
    }
}
