package io.jsuper.jsuperd.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Put first in the pipeline of a connection that has had its final answer: drops everything the client
 * still sends (nothing behind it sees a byte), and closes at the client's end of input or after
 * the drain time, whichever comes first. It also takes every exception of the connection, so none reaches
 * the pipeline's tail (which would log a stack trace).
 */
final class DrainThenClose extends ChannelInboundHandlerAdapter {
    static final long DRAIN_MILLIS = 1000;
    private final long drainMillis;

    DrainThenClose() {
        this(DRAIN_MILLIS);
    }

    DrainThenClose(long drainMillis) {
        this.drainMillis = drainMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> ctx.channel().close(), drainMillis, TimeUnit.MILLISECONDS);
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: the handlers behind must not ask for reads of their own
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.channel().close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // swallowed: the API handler must not start another request
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().close();
    }
}
