package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.logs.LogReaders;
import io.jsuper.jsuperd.api.logs.LogTarget;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.logs.LogFileSet;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * supervisord's HTTP log streams, which {@code supervisorctl tail -f} and {@code maintail -f} read:
 * {@code GET /logtail/NAME[/stdout|/stderr]} and {@code GET /mainlogtail}. The last {@link #INITIAL_BYTES}
 * bytes, then every new byte, as supervisord sends them; 404 when the process or its file does not exist.
 * Run by the one follower engine of jsuper's own {@code follow=true} ({@link LogReaders#follow}): the same
 * thread, the same cap, the same way across rotations.
 */
public final class LogtailEndpoint {

    static final int INITIAL_BYTES = 1024;
    private static final String LOGTAIL = "/logtail/";
    private static final String MAINLOGTAIL = "/mainlogtail";

    private LogtailEndpoint() {
    }

    /** True for the paths this endpoint answers. */
    public static boolean matches(String rawPath) {
        return rawPath.startsWith(LOGTAIL) || rawPath.equals(MAINLOGTAIL);
    }

    public static CompletableFuture<ApiReply> handle(String rawPath, SupervisorControl control) {
        if (rawPath.equals(MAINLOGTAIL)) {
            return open(control.config().daemon().logfile().orElse(null), "jsuperd has no logfile");
        }
        String rest = QueryStringDecoder.decodeComponent(rawPath.substring(LOGTAIL.length()));
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String stream = slash < 0 ? "stdout" : rest.substring(slash + 1);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no stream " + stream + ": use stdout or stderr");
        }
        return new LogRpc(control).fileOf(name, stream)
                .exceptionally(err -> {
                    throw new ApiException(ErrorCode.NOT_FOUND, "no such process: " + name);
                })
                .thenCompose(file -> open(file, name + " has no " + stream + " log file"));
    }

    private static CompletableFuture<ApiReply> open(Path file, String whyNone) {
        if (file == null || !Files.exists(file)) {
            throw new ApiException(ErrorCode.NOT_FOUND, file == null ? whyNone : file + " does not exist yet");
        }
        List<LogTarget> target = List.of(new LogTarget(file.getFileName().toString(), new LogFileSet(file)));
        return CompletableFuture.completedFuture(ApiReply.ok(LogReaders.SHARED.follow(target, new LogtailRendering(INITIAL_BYTES))));
    }
}
