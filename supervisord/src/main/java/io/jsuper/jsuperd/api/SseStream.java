package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jsuper.jsuperd.events.Event;
import io.jsuper.jsuperd.events.EventBus;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one connection's server-sent event stream. Events wait in the subscriber's bounded queue and are
 * written only while the channel is writable, so a client that does not read costs at most that queue
 * (what does not fit is told to it as an {@code event: missed}) until write_timeout closes it.
 * All writes run on the channel's event loop.
 */
public final class SseStream {
    static final long HEARTBEAT_SECONDS = 15;
    static final long RETRY_WHEN_UNWRITABLE_MS = 200;

    private final Channel channel;
    private final EventBus bus;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private EventBus.Subscriber subscriber;
    private ScheduledFuture<?> heartbeat;

    private SseStream(Channel channel, EventBus bus) {
        this.channel = channel;
        this.bus = bus;
    }

    /** Subscribes and sends the response head; false when the bus has no room for another stream. */
    static boolean open(Channel channel, EventBus bus, long afterId) {
        SseStream s = new SseStream(channel, bus);
        s.subscriber = bus.subscribe(afterId, s::wake);
        if (s.subscriber == null) {
            return false;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.writeAndFlush(head);
        s.heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> s.send(": keepalive\n\n"),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        channel.closeFuture().addListener(f -> {
            bus.unsubscribe(s.subscriber);
            s.heartbeat.cancel(false);
        });
        s.wake();
        return true;
    }

    private void wake() {
        if (drainQueued.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainQueued.set(false);
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            if (drainQueued.compareAndSet(false, true)) {
                channel.eventLoop().schedule(this::drain, RETRY_WHEN_UNWRITABLE_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        long missed = subscriber.takeMissed();
        StringBuilder out = new StringBuilder(256);
        if (missed > 0) {
            out.append("event: missed\ndata: {\"missed\":").append(missed).append("}\n\n");
        }
        for (Event e : subscriber.drain()) {
            out.append("id: ").append(e.id()).append("\nevent: ").append(e.type()).append("\ndata: ")
                    .append(json(e)).append("\n\n");
        }
        if (out.length() > 0) {
            send(out.toString());
        }
    }

    private void send(String text) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }
    }

    /** The event as one JSON object: id, time_ms, type, then its fields (also the items of {@code ?follow=false}). */
    public static Map<String, Object> fields(Event e) {
        Map<String, Object> m = new LinkedHashMap<>(e.data().size() + 3);
        m.put("id", e.id());
        m.put("time_ms", e.timeMillis());
        m.put("type", e.type());
        m.putAll(e.data());
        return m;
    }

    private static String json(Event e) {
        try {
            // one line: neither JsonWriter nor Jackson indents
            return new String(ApiHandler.toJson(fields(e)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            return "{\"id\":" + e.id() + ",\"type\":\"" + e.type() + "\"}";
        }
    }
}
