package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.logs.LogReaders;
import io.jsuper.jsuperd.api.logs.LogTarget;
import io.jsuper.jsuperd.api.logs.LogTargets;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.logs.LogFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /services/{name}/log/clear}: supervisord's {@code clear}: empties the current stdout and
 * stderr files of a watcher or process (backups stay). Capture goes on, as after {@code copytruncate}.
 */
public final class ClearServiceLog implements ApiCommand {

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        String name = request.param("name");
        JsuperConfig config = control.config();
        List<LogTarget> targets = new ArrayList<>(LogTargets.of(config, name, "stdout"));
        String watcher = name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
        if (!config.watchers().get(watcher).redirectStderr()) {
            targets.addAll(LogTargets.of(config, name, "stderr"));
        }
        return LogReaders.SHARED.read(() -> {
            List<String> cleared = new ArrayList<>();
            for (LogTarget t : targets) {
                try {
                    if (LogFiles.truncate(t.files().current())) {
                        cleared.add(t.files().current().getFileName().toString());
                    }
                } catch (IOException e) {
                    throw new ApiException(ErrorCode.INTERNAL, "cannot clear the log of " + t.label() + ": "
                            + e.getMessage());
                }
            }
            return ApiReply.ok(Map.of("name", name, "cleared", cleared));
        });
    }
}
