package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /services/{name}/scale} with {@code ?numprocesses=N} (set) or {@code ?by=N} (add; negative
 * removes), or the same fields in a JSON body: Circus's numprocesses, incr and decr, until the next reload.
 * Answers {@code {"watcher":"web","numprocesses":3}}.
 */
public final class ScaleService implements ApiCommand {
    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        Optional<String> set = request.bodyField("numprocesses").or(() -> request.query("numprocesses"));
        Optional<String> by = request.bodyField("by").or(() -> request.query("by"));
        if (set.isPresent() == by.isPresent()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "give exactly one of numprocesses=N (set) or by=N (add, negative to remove)");
        }
        boolean relative = by.isPresent();
        int count = integer(relative ? "by" : "numprocesses", relative ? by.get() : set.get());
        String name = request.param("name");
        return control.scale(name, count, relative)
                .thenApply(n -> ApiReply.ok(Map.of("watcher", name, "numprocesses", n)));
    }

    private static int integer(String field, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, field + ": '" + text + "' is not an integer");
        }
    }
}
