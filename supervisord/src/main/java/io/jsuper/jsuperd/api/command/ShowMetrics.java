package io.jsuper.jsuperd.api.command;

import io.jsuper.jsuperd.api.ApiCommand;
import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.api.ApiRequest;
import io.jsuper.jsuperd.api.RawBody;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.metrics.DaemonGauges;
import io.jsuper.jsuperd.metrics.MetricsPage;
import io.jsuper.jsuperd.metrics.Monitoring;
import io.jsuper.jsuperd.metrics.ProcSampler;
import io.jsuper.jsuperd.metrics.PrometheusText;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics}: every process, its checks, the API and jsuperd itself, in the Prometheus text format
 * or OpenMetrics when the Accept header asks for it. The page is rendered (and /proc read) on one thread of
 * its own, never on the supervisor loop or a network thread; a scrape that finds two waiting is refused.
 */
public final class ShowMetrics implements ApiCommand {
    private final DaemonGauges daemon = new DaemonGauges();
    private final ProcSampler proc = new ProcSampler(Path.of("/proc"));
    private final Monitoring monitoring;
    private final Executor renderer;
    /** The page buffer of the last scrape, reused by the next one (touched only on the renderer thread). */
    private byte[] kept;

    public ShowMetrics(Monitoring monitoring) {
        this.monitoring = monitoring;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2), r -> {
            Thread t = new Thread(r, "jsuperd-metrics");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.renderer = pool;
    }

    @Override
    public CompletableFuture<ApiReply> execute(ApiRequest request, SupervisorControl control) {
        boolean openMetrics = PrometheusText.wantsOpenMetrics(request.accept());
        CompletableFuture<Long> lag = control.loopLagNanos();
        return control.status("all").thenCombine(lag, (processes, lagNanos) -> {
            if (lagNanos >= 0) {
                monitoring.daemon().loopLag(lagNanos);
            }
            return processes;
        }).thenCompose(processes -> {
            try {
                return CompletableFuture.supplyAsync(() -> render(processes, labels(control), openMetrics), renderer);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new ApiException(ErrorCode.OVERLOADED,
                        "metrics are being rendered for other scrapes; try again"));
            }
        });
    }

    /**
     * On the renderer thread (one, so {@link #kept} needs no lock): the page is written as UTF-8 into a buffer
     * kept from the last scrape, then copied once into the reply, instead of a StringBuilder, a String and its
     * encoding (three copies of 1.7 MB with 1000 processes, which cost more in garbage collection than the
     * rendering itself).
     */
    private ApiReply render(List<ProcessInfo> processes, Map<String, Map<String, String>> labels, boolean openMetrics) {
        byte[] buffer = kept != null ? kept : new byte[4096 + processes.size() * 2048];
        kept = null;
        PrometheusText text = new PrometheusText(openMetrics, buffer);
        new MetricsPage(processes, labels, p -> proc.sample(p.pid())).render(monitoring, daemon, text);
        byte[] page = text.toBytes();
        kept = text.buffer();
        return ApiReply.ok(new RawBody(page, text.contentType()));
    }

    private static Map<String, Map<String, String>> labels(SupervisorControl control) {
        Map<String, Map<String, String>> out = new HashMap<>();
        try {
            for (WatcherConfig w : control.config().watchers().values()) {
                if (!w.monitoring().labels().isEmpty()) {
                    out.put(w.name(), w.monitoring().labels());
                }
            }
        } catch (io.jsuper.jsuperd.core.ControlException e) {
            return Map.of(); // a control without a config (tests): no static labels
        }
        return out;
    }
}
