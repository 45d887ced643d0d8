package io.jsuper.jsuperd.api;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Last handler of a listening channel, behind Netty's acceptor (which already pauses accepting for a second
 * after a failure such as {@code EMFILE}): turns the failure into one rate-limited log line instead of the
 * stack trace the pipeline's tail would log on every attempt.
 */
@ChannelHandler.Sharable
final class ListenerErrors extends ChannelInboundHandlerAdapter {
    private final String listener;
    private final ClientErrorLog errors;

    ListenerErrors(String listener, ClientErrorLog errors) {
        this.listener = listener;
        this.errors = errors;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.note("cannot accept on " + listener + " (accepting again in 1 s): " + cause);
    }
}
