package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The one pipeline used on both listeners: connection guard (caps, descriptor reserve), deadlines
 * (request, idle, unread answers), HTTP codec with bounded line and header sizes, size-limited
 * aggregator, API handler.
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Request line (method, target, version) at most: a longer one is a 400. */
    static final int MAX_INITIAL_LINE = 4096;
    /** All header lines together at most: more is a 400, so many or huge headers cannot hold memory. */
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;

    private final Router router;
    private final SupervisorControl control;
    private final Transport transport;
    private final BearerToken token;
    private final ConnectionLimits limits;
    private final ConnectionGuard guard;
    private final ReplyBudget budget;
    private final InflightLimit inflight;
    private final ClientErrorLog errors;
    private final io.jsuper.jsuperd.metrics.Monitoring monitoring;
    private final io.jsuper.jsuperd.api.xmlrpc.RemoteCommEvents remoteEvents;

    ApiChannelInitializer(Router router, SupervisorControl control, Transport transport, BearerToken token,
                          ConnectionLimits limits, ConnectionGuard guard, ReplyBudget budget, ClientErrorLog errors,
                          io.jsuper.jsuperd.metrics.Monitoring monitoring,
                          io.jsuper.jsuperd.api.xmlrpc.RemoteCommEvents remoteEvents) {
        this.monitoring = monitoring;
        this.remoteEvents = remoteEvents;
        this.router = router;
        this.control = control;
        this.transport = transport;
        this.token = token;
        this.limits = limits;
        this.guard = guard;
        this.budget = budget;
        this.inflight = InflightLimit.forTransport(transport);
        this.errors = errors;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        ConnectionDeadlines deadlines = new ConnectionDeadlines(limits, errors);
        p.addLast("guard", guard);
        p.addLast("deadlines", deadlines);
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        p.addLast("aggregate", new LimitedAggregator(MAX_BODY_BYTES));
        p.addLast("api", new ApiHandler(router, control, transport, token, deadlines, budget, inflight, errors,
                monitoring, remoteEvents));
    }
}
