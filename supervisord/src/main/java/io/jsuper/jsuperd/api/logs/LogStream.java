package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.StreamingBody;
import io.jsuper.jsuperd.logs.FileFollower;
import io.jsuper.jsuperd.logs.LastLines;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code follow=true}: a {@code text/plain} response with chunked transfer encoding that first carries the
 * last lines, then every new line as it reaches the files, until the client goes away. Polled every
 * {@link #POLL_MILLIS} ms on the follow thread; a chunk is read from the file only while the connection is
 * writable, so a follower holds at most one chunk plus Netty's write buffer. A follower that falls more
 * than {@link #MAX_LAG} bytes behind skips ahead and gets an in-band line saying how many bytes it missed.
 */
final class LogStream implements StreamingBody {
    private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);
    static final long POLL_MILLIS = 200;
    static final int CHUNK = 64 * 1024;
    static final long MAX_LAG = 4L * 1024 * 1024;
    /** In-band notes start with this, so a reader (jsuperctl) can tell them from the program's output. */
    static final String NOTE = "==> jsuper: ";

    private final LogReaders readers;
    private final List<LogTarget> targets;
    private final int initialLines;
    private final List<FileFollower> followers = new ArrayList<>();
    private Channel channel;
    private ScheduledFuture<?> poller;
    private boolean closed;

    LogStream(LogReaders readers, List<LogTarget> targets, int initialLines) {
        this.readers = readers;
        this.targets = List.copyOf(targets);
        this.initialLines = initialLines;
    }

    @Override
    public void start(Channel ch) {
        this.channel = ch;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(head);
        ch.closeFuture().addListener(f -> readers.followThread().execute(this::stop));
        readers.followThread().execute(this::begin);
    }

    /** On the follow thread: start each follower at its file's end, send the last lines before that point. */
    private void begin() {
        if (closed) {
            return;
        }
        try {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            for (LogTarget t : targets) {
                FileFollower f = new FileFollower(t.files().current(), MAX_LAG);
                followers.add(f);
                long end = f.startAtEnd();
                if (initialLines > 0) {
                    List<String> lines = new ArrayList<>();
                    LogReads.prefixed(lines, t, targets.size(), LastLines.read(t.files().newestFirst(), initialLines,
                            LogReads.MAX_ANSWER_BYTES / targets.size(), end).lines());
                    for (String line : lines) {
                        first.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            send(first.toByteArray());
            poller = readers.followThread().scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            end("cannot follow: " + e.getMessage());
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
            for (int i = 0; i < followers.size() && channel.isWritable(); i++) {
                FileFollower.Chunk c = followers.get(i).poll(CHUNK);
                if (!c.isEmpty()) {
                    send(render(targets.get(i), c));
                }
            }
        } catch (IOException | RuntimeException e) {
            end("follow stopped: " + e.getMessage());
        }
    }

    private byte[] render(LogTarget t, FileFollower.Chunk c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(c.bytes().length + 128);
        String who = targets.size() > 1 ? "[" + t.label() + "] " : "";
        if (c.truncated()) {
            out.writeBytes((NOTE + who + "file truncated, following from its start\n").getBytes(StandardCharsets.UTF_8));
        }
        if (c.skipped() > 0) {
            out.writeBytes((NOTE + who + "fell behind, skipped " + c.skipped() + " bytes\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (who.isEmpty()) {
            out.writeBytes(c.bytes());
            return out.toByteArray();
        }
        byte[] prefix = who.getBytes(StandardCharsets.UTF_8);
        byte[] b = c.bytes();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' || i == b.length - 1) {
                out.writeBytes(prefix);
                out.write(b, start, i + 1 - start);
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    private void send(byte[] bytes) {
        if (bytes.length > 0) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    /** Ends the response with a note (a file turned unreadable, a refused file). */
    private void end(String why) {
        LOG.info("log follower ended: {}", why);
        send((NOTE + why + "\n").getBytes(StandardCharsets.UTF_8));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        stop();
    }

    /** On the follow thread: release the files and the follower slot, once. */
    private void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (poller != null) {
            poller.cancel(false);
        }
        followers.forEach(FileFollower::close);
        readers.releaseFollower();
        channel.close();
    }
}
