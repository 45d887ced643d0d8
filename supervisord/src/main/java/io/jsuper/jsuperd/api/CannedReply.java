package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;

import java.nio.charset.StandardCharsets;

/**
 * A complete HTTP answer as raw bytes (error envelope, {@code Connection: close}), for the handlers in
 * front of the HTTP codec: a refused connection or a request that never finished arriving.
 */
final class CannedReply {
    private final byte[] bytes;

    CannedReply(ErrorCode code, String reason, String message) {
        String body = "{\"error\":{\"code\":\"" + code.name() + "\",\"number\":" + code.number()
                + ",\"message\":\"" + message + "\"}}";
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + code.httpStatus() + " " + reason + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        bytes = new byte[h.length + json.length];
        System.arraycopy(h, 0, bytes, 0, h.length);
        System.arraycopy(json, 0, bytes, h.length, json.length);
    }

    /**
     * Writes the answer and closes the connection. With {@code drain}, whatever the client still sends is
     * read and dropped for up to {@link DrainThenClose#DRAIN_MILLIS} first: closing with unread input makes
     * the kernel reset the connection, and the client would lose the answer.
     */
    void sendAndClose(ChannelHandlerContext ctx, boolean drain) {
        // Written from the caller's context, in front of the HTTP codec: raw bytes, not an HttpResponse.
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        Channel ch = ctx.channel();
        if (!drain || !(ch instanceof DuplexChannel)) {
            ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.pipeline().addFirst("drain", new DrainThenClose());
        ctx.writeAndFlush(buf).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ((DuplexChannel) ch).shutdownOutput();
            } else {
                ch.close();
            }
        });
    }
}
