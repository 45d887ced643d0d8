package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.JsonBodies;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.os.Signal;

import java.util.concurrent.CompletableFuture;

/** {@code POST /services/{name}/signal} with {@code {"signal":"HUP"}} or {@code ?signal=HUP}. */
public final class SignalService implements ApiCommand {
    static final String ALLOWED_FORM = "use a name like HUP or SIGHUP, or a number like 1";

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        String text = request.bodyField("signal").or(() -> request.query("signal"))
                .orElseThrow(() -> new ApiException(ErrorCode.BAD_REQUEST,
                        "missing signal: send {\"signal\":\"HUP\"} or ?signal=HUP"));
        Signal signal = Signal.parse(text).orElseThrow(() -> new ApiException(ErrorCode.BAD_REQUEST,
                "bad signal '" + text + "': " + ALLOWED_FORM));
        return control.signal(request.param("name"), signal)
                .thenApply(infos -> ApiReply.ok(JsonBodies.services(infos)));
    }
}
