package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.channel.socket.DuplexChannel;

import java.util.concurrent.TimeUnit;

/**
 * An aggregator whose 413 carries the API's JSON error envelope. After the answer the connection is
 * half-closed and the rest of the body is read and dropped for a few seconds before closing: closing
 * with unread data would make the kernel reset the connection, and a client that writes its whole body
 * before reading would lose the answer.
 */
final class LimitedAggregator extends HttpObjectAggregator {
    private static final long DRAIN_SECONDS = 5;
    private final int maxBytes;

    LimitedAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse res = ApiHandler.errorResponse(
                new ApiException(ErrorCode.TOO_LARGE, "request body larger than " + maxBytes + " bytes"));
        HttpUtil.setKeepAlive(res, false);
        Channel channel = ctx.channel();
        ctx.writeAndFlush(res).addListener((ChannelFutureListener) written -> {
            if (channel instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
                // Drain on our own, in front of everything: no request of this connection is answered any more.
                channel.pipeline().addFirst("drain", new DrainThenClose(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS)));
            } else {
                channel.close();
            }
        });
    }
}
