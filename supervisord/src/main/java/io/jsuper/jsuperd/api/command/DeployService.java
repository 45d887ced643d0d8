package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /services/{name}/deploy?release=DIR}: switch the watcher's release_link to DIR and roll it; the
 * answer comes when the new release is ready, or fails (ROLLOUT_FAILED) after it was rolled back.
 */
public final class DeployService implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        String text = request.query("release").orElseThrow(() -> new ControlException(ErrorCode.BAD_REQUEST,
                "release=DIR is required (the directory of the release to deploy, an absolute path)"));
        Path release;
        try {
            release = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "release=" + text + " is not a path");
        }
        CompletableFuture<io.jsuper.jsuperd.core.DeployResult> core = control.deploy(request.param("name"), release);
        CompletableFuture<ApiReply> reply = core.thenApply(r -> ApiReply.ok(DeployJson.of(r)));
        reply.whenComplete((ok, error) -> {
            if (error != null) {
                core.cancel(false);
            }
        });
        return reply;
    }
}
