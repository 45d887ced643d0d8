package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The daemon's {@code state} events ({@code GET /events}, server-sent events) on a thread of its own, handed
 * to a listener one JSON object at a time: how a long command shows processes as they settle. Best effort by
 * design: the daemon drops events for a slow reader, so the command's own answer stays the authority.
 */
final class StateEvents implements AutoCloseable {
    /** How long to wait for the stream to be established before going on without it. */
    private static final long OPEN_TIMEOUT_MS = 2000;
    /** An SSE line longer than this is not one of jsuperd's events: it is skipped. */
    private static final int MAX_LINE = 64 * 1024;

    private final CountDownLatch streaming = new CountDownLatch(1);
    private volatile InputStream stream;
    private volatile boolean closed;
    private final Thread reader;

    private StateEvents(ApiClient client, Consumer<Map<String, Object>> listener) {
        reader = new Thread(() -> {
            try {
                LogStreamReader.follow(client, "/events", new DataLines(listener), in -> {
                    stream = in;
                    if (closed) {
                        close(in);
                    }
                }, streaming::countDown);
            } catch (CtlException ended) {
                // closed by us, or the daemon went away: the command's answer tells the rest
            }
        }, "jsuperctl-events");
        reader.setDaemon(true);
    }

    /** Follows the events; returns null when the stream could not be established in time (no live progress then). */
    static StateEvents open(ApiClient client, Consumer<Map<String, Object>> listener) {
        StateEvents events = new StateEvents(client, listener);
        events.reader.start();
        try {
            if (events.streaming.await(OPEN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return events;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        return null;
    }

    /** Ends the stream and waits (briefly) for the reader, so no event is handed over after this returns. */
    @Override
    public void close() {
        closed = true;
        InputStream in = stream;
        if (in != null) {
            close(in);
        }
        try {
            reader.join(OPEN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
    }

    /** Splits the stream into lines and hands each {@code data: {…}} object of type state to the listener. */
    private final class DataLines extends OutputStream {
        private final Consumer<Map<String, Object>> listener;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean skipping;

        DataLines(Consumer<Map<String, Object>> listener) {
            this.listener = listener;
        }

        @Override
        public void write(int b) {
            if (b != '\n') {
                if (line.size() < MAX_LINE) {
                    line.write(b);
                } else {
                    skipping = true;
                }
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            boolean skip = skipping;
            skipping = false;
            if (!skip && !closed && text.startsWith("data:")) {
                deliver(text.substring(5).strip());
            }
        }

        @SuppressWarnings("unchecked")
        private void deliver(String data) {
            try {
                Object event = Json.parse(data);
                if (event instanceof Map<?, ?> m && "state".equals(m.get("type"))) {
                    listener.accept((Map<String, Object>) m);
                }
            } catch (IllegalArgumentException notJson) {
                // not an event of ours (a "missed" notice is JSON too, but not a state): skip it
            }
        }
    }
}
