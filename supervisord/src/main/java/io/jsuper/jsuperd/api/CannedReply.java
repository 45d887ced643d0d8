package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

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

    /** Writes the answer and closes the connection (also when the write fails). */
    void sendAndClose(Channel ch) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }
}
