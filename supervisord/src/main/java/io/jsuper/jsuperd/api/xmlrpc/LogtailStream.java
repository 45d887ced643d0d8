package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.StreamingBody;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.logs.FileFollower;
import io.jsuper.jsuperd.logs.OffsetLogRead;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code /logtail} follower: a chunked {@code text/plain} response with the file's last bytes, then what
 * is appended, polled on one shared thread. A chunk is read only while the connection is writable, a follower
 * that falls more than {@link #MAX_LAG} bytes behind skips ahead (an in-band line says so), and at most
 * {@link #MAX_FOLLOWERS} are open at once: each holds at most one chunk plus Netty's write buffer.
 */
final class LogtailStream implements StreamingBody {
    static final int MAX_FOLLOWERS = 32;
    static final long POLL_MILLIS = 200;
    static final int CHUNK = 64 * 1024;
    static final long MAX_LAG = 4L * 1024 * 1024;
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsuperd-logtail");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final int initialBytes;
    private FileFollower follower;
    private Channel channel;
    private ScheduledFuture<?> poller;
    private boolean closed;

    LogtailStream(Path file, int initialBytes) {
        this.file = file;
        this.initialBytes = initialBytes;
    }

    /** Takes a follower slot (released when the stream ends); OVERLOADED when all are taken. */
    static void acquire() {
        if (OPEN.incrementAndGet() > MAX_FOLLOWERS) {
            OPEN.decrementAndGet();
            throw new ApiException(ErrorCode.OVERLOADED, "at most " + MAX_FOLLOWERS + " /logtail followers at once",
                    Map.of("Retry-After", "5"));
        }
    }

    @Override
    public void start(Channel ch) {
        this.channel = ch;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set("X-Accel-Buffering", "no");
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(head);
        ch.closeFuture().addListener(f -> POLLER.execute(this::stop));
        POLLER.execute(this::begin);
    }

    private void begin() {
        if (closed) {
            return;
        }
        try {
            follower = new FileFollower(file, MAX_LAG);
            long end = follower.startAtEnd();
            byte[] last = OffsetLogRead.read(file, Math.max(0, end - initialBytes), end - Math.max(0, end - initialBytes));
            if (last != null && end > 0) {
                send(last);
            }
            poller = POLLER.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            end("cannot follow " + file + ": " + e.getMessage());
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        if (!channel.isActive()) {
            stop();
            return;
        }
        try {
            if (channel.isWritable()) {
                FileFollower.Chunk c = follower.poll(CHUNK);
                if (c.truncated()) {
                    send("==> File truncated <==\n".getBytes(StandardCharsets.UTF_8));
                }
                if (c.skipped() > 0) {
                    send(("==> jsuper: fell behind, skipped " + c.skipped() + " bytes <==\n").getBytes(StandardCharsets.UTF_8));
                }
                send(c.bytes());
            }
        } catch (IOException | RuntimeException e) {
            end("follow stopped: " + e.getMessage());
        }
    }

    private void send(byte[] bytes) {
        if (bytes.length > 0) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    private void end(String why) {
        send(("==> jsuper: " + why + " <==\n").getBytes(StandardCharsets.UTF_8));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        stop();
    }

    /** On the poller thread: release the file and the slot, once. */
    private void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (poller != null) {
            poller.cancel(false);
        }
        if (follower != null) {
            follower.close();
        }
        OPEN.decrementAndGet();
        channel.close();
    }
}
