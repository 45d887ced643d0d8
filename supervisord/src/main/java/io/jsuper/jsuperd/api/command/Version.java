package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.core.SupervisorControl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code GET /version}: the jar manifest's Implementation-Version, or {@link #FALLBACK} when run from classes. */
public final class Version implements ApiCommand {
    public static final String FALLBACK = "0.1.0-dev";
    private static final String VERSION = lookup();

    public static String current() {
        return VERSION;
    }

    private static String lookup() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK : v;
    }

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return CompletableFuture.completedFuture(ApiReply.ok(Map.of("version", VERSION)));
    }
}
