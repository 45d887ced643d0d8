package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.SupervisorControl;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/** The one pipeline used on both listeners: idle guard, HTTP codec, size-limited aggregator, API handler. */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Router router;
    private final SupervisorControl control;
    private final Transport transport;
    private final BearerToken token;
    private final long idleMillis;

    ApiChannelInitializer(Router router, SupervisorControl control, Transport transport, BearerToken token,
                          long idleMillis) {
        this.router = router;
        this.control = control;
        this.transport = transport;
        this.token = token;
        this.idleMillis = idleMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregate", new LimitedAggregator(MAX_BODY_BYTES));
        p.addLast("api", new ApiHandler(router, control, transport, token));
    }
}
