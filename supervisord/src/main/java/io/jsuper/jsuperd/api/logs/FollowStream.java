package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.StreamingBody;
import io.jsuper.jsuperd.logs.FileFollower;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one follower engine: a chunked {@code text/plain} response that first carries what the rendering
 * starts with, then everything appended to the targets' files, until the client goes away. Runs on the
 * single follow thread of {@link LogReaders}. Every {@link #TICK_MILLIS} ms it notes rotations and reads; a
 * follower that is behind reads again as soon as its last chunk has been written to the socket, so it
 * catches up at the speed of its client. A chunk is read only while the connection is writable, so a
 * follower holds at most one chunk plus Netty's write buffer, whatever its lag; it lags as far as the
 * retained files allow (see {@link FileFollower}), and a client that stops reading is closed by the
 * listener's write_timeout.
 */
final class FollowStream implements StreamingBody {
    private static final Logger LOG = LoggerFactory.getLogger(FollowStream.class);
    static final long TICK_MILLIS = 200;
    static final int CHUNK = 64 * 1024;
    /** Chunks one turn may read before the thread serves the other followers. */
    static final int CHUNKS_PER_TURN = 16;

    private final LogReaders readers;
    private final List<LogTarget> targets;
    private final FollowRendering rendering;
    private final List<FileFollower> followers = new ArrayList<>();
    private final AtomicBoolean turnQueued = new AtomicBoolean();
    private Channel channel;
    private ScheduledFuture<?> ticker;
    private boolean closed;
    private int next; // round robin among the targets

    FollowStream(LogReaders readers, List<LogTarget> targets, FollowRendering rendering) {
        this.readers = readers;
        this.targets = List.copyOf(targets);
        this.rendering = rendering;
    }

    @Override
    public void start(Channel ch) {
        this.channel = ch;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        head.headers().set("X-Accel-Buffering", "no"); // a proxy in front must not hold the stream back
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(head);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    queueTurn(); // the client took the last chunks: a follower that is behind goes on at once
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
        ch.closeFuture().addListener(f -> readers.followThread().execute(this::stop));
        readers.followThread().execute(this::begin);
    }

    /** On the follow thread: start each follower at its file's end, send what the rendering starts with. */
    private void begin() {
        if (closed) {
            return;
        }
        try {
            long[] ends = new long[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                FileFollower f = new FileFollower(targets.get(i).files());
                followers.add(f);
                ends[i] = f.startAtEnd();
            }
            send(rendering.start(targets, ends));
            ticker = readers.followThread().scheduleWithFixedDelay(this::turn, TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            end("cannot follow: " + e.getMessage());
        }
    }

    /** On the follow thread: read while the connection takes more, at most a few chunks, then yield. */
    private void turn() {
        turnQueued.set(false);
        if (closed) {
            return;
        }
        if (!channel.isActive()) {
            stop();
            return;
        }
        try {
            int idle = 0;
            for (int chunks = 0; chunks < CHUNKS_PER_TURN && idle < followers.size() && channel.isWritable(); ) {
                int i = next;
                next = (next + 1) % followers.size();
                FileFollower.Chunk c = followers.get(i).poll(CHUNK);
                if (c.isEmpty()) {
                    idle++;
                    continue;
                }
                idle = 0;
                chunks++;
                send(rendering.chunk(targets.get(i), targets.size() > 1, c));
            }
            if (!channel.isWritable()) {
                for (FileFollower f : followers) {
                    f.track(); // no reading now, but the chain of rotations must stay complete
                }
            } else if (anyBehind()) {
                queueTurn();
            }
        } catch (IOException | RuntimeException e) {
            end("follow stopped: " + e.getMessage());
        }
    }

    private boolean anyBehind() throws IOException {
        for (FileFollower f : followers) {
            if (f.behind()) {
                return true;
            }
        }
        return false;
    }

    /** Another turn soon, behind the other followers' queued turns, instead of at the next tick. */
    private void queueTurn() {
        if (!closed && turnQueued.compareAndSet(false, true)) {
            readers.followThread().execute(this::turn);
        }
    }

    private void send(byte[] bytes) {
        if (bytes.length > 0) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    /** Ends the response with a note (a file turned unreadable, a refused file). */
    private void end(String why) {
        LOG.info("log follower ended: {}", why);
        send(rendering.ended(why));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        stop();
    }

    /** On the follow thread: release the files and the follower slot, once. */
    private void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        followers.forEach(FileFollower::close);
        readers.releaseFollower();
        channel.close();
    }
}
