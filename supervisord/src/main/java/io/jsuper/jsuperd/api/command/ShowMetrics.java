package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.TextBody;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.metrics.ApiMetrics;
import io.jsuper.jsuperd.metrics.DaemonGauges;
import io.jsuper.jsuperd.metrics.MetricsPage;
import io.jsuper.jsuperd.metrics.PrometheusText;

import java.util.concurrent.CompletableFuture;

/** {@code GET /metrics}: every process, its checks, the API and jsuperd itself in Prometheus text format. */
public final class ShowMetrics implements ApiCommand {
    private final DaemonGauges daemon = new DaemonGauges();

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        return control.status("all").thenApply(processes -> ApiReply.ok(new TextBody(PrometheusText.CONTENT_TYPE,
                MetricsPage.render(processes, ApiMetrics.GLOBAL, daemon))));
    }
}
