package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code GET /health}: proves the supervisor loop answers, not only the network edge. */
public final class Health implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.watcherNames().thenApply(names -> {
            Map<String, Object> body = new LinkedHashMap<>(4);
            body.put("status", "ok");
            body.put("watchers", names.size());
            return ApiReply.ok(body);
        });
    }
}
