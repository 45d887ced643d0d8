package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/** An aggregator whose 413 carries the API's JSON error envelope; the connection is then closed. */
final class LimitedAggregator extends HttpObjectAggregator {
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
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
