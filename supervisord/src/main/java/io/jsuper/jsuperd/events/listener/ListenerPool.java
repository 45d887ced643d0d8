package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.config.EventListenerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code [eventlistener:x]} pool: the events its listeners subscribed to wait in a bounded queue until one
 * of its processes is READY; when the queue is full (buffer_size events, or {@link #MAX_QUEUED_BYTES}) the oldest
 * is dropped with an error line, as supervisord does.
 * On the loop only.
 */
final class ListenerPool {
    private static final Logger log = LoggerFactory.getLogger(ListenerPool.class);

    /** An event in this pool, with the pool's own serial for it. */
    record Queued(SupervisorEvent event, long poolSerial) {
    }

    /** Queued payload bytes a pool keeps at most, whatever its buffer_size (10,000 events of 64 KiB would not fit). */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private final String name;
    private EventListenerSettings settings;
    private long queuedBytes;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final List<ListenerProcess> members = new ArrayList<>();
    private long serial = -1;

    ListenerPool(String name, EventListenerSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    String name() {
        return name;
    }

    /** After a reload: new subscriptions and size (a smaller buffer drops the oldest now). */
    void settings(EventListenerSettings newSettings) {
        settings = newSettings;
        while (queue.size() > settings.bufferSize()) {
            discardOldest();
        }
    }

    /** What a listener's RESULT means in this pool. */
    EventListenerSettings.Results results() {
        return settings.results();
    }

    boolean wants(String type) {
        return settings.wants(type);
    }

    /** A new event for this pool, at the tail. */
    void offer(SupervisorEvent event) {
        add(new Queued(event, ++serial), false);
    }

    /** An event a listener rejected or could not finish: back to the head, keeping its serials. */
    void requeue(Queued q) {
        add(q, true);
    }

    private void add(Queued q, boolean head) {
        if (queue.size() >= settings.bufferSize()) {
            discardOldest();
        }
        while (!queue.isEmpty() && queuedBytes + q.event().payload().length > MAX_QUEUED_BYTES) {
            discardOldest();
        }
        if (head) {
            queue.addFirst(q);
        } else {
            queue.addLast(q);
        }
        queuedBytes += q.event().payload().length;
    }

    private void discardOldest() {
        Queued dropped = queue.pollFirst();
        queuedBytes -= dropped.event().payload().length;
        log.error("pool {} event buffer overflowed, discarding event {} ({})", name, dropped.event().serial(),
                dropped.event().type());
    }

    void join(ListenerProcess p) {
        members.add(p);
    }

    void leave(ListenerProcess p) {
        members.remove(p);
    }

    List<ListenerProcess> members() {
        return List.copyOf(members);
    }

    /** Sends queued events, oldest first, to the listeners that are READY (and RUNNING). */
    void dispatch(String server) {
        while (!queue.isEmpty()) {
            ListenerProcess ready = members.stream().filter(ListenerProcess::canTake).findFirst().orElse(null);
            if (ready == null) {
                return;
            }
            Queued q = queue.pollFirst();
            queuedBytes -= q.event().payload().length;
            ready.send(q, q.event().envelope(server, name, q.poolSerial()));
        }
    }

    /** The queued events' types, oldest first (tests, diagnostics). */
    List<String> queuedTypes() {
        return queue.stream().map(q -> q.event().type()).toList();
    }
}
