package io.jsuper.jsuperd.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Fans events out to stream subscribers and keeps a bounded history for clients that resume. Publishing
 * (on the supervisor loop) never blocks and never waits for a subscriber: each has a bounded queue, and
 * what does not fit is counted as missed and told to it. Everything here is bounded: history, subscribers,
 * each queue.
 */
public final class EventBus {
    private final int historySize;
    private final int maxSubscribers;
    private final int queueSize;
    private final LongSupplier wallClock;
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long lastId;

    public EventBus(int historySize, int maxSubscribers, int queueSize, LongSupplier wallClock) {
        this.historySize = historySize;
        this.maxSubscribers = maxSubscribers;
        this.queueSize = queueSize;
        this.wallClock = wallClock;
    }

    /** Publishes an event to every subscriber and the history. */
    public void publish(String type, Map<String, Object> data) {
        Event e;
        synchronized (this) {
            e = new Event(++lastId, wallClock.getAsLong(), type, data);
            history.addLast(e);
            if (history.size() > historySize) {
                history.removeFirst();
            }
        }
        for (Subscriber s : subscribers) {
            s.offer(e);
        }
    }

    /**
     * A new subscriber; with {@code afterId} ≥ 0 it first gets the kept events after that id (and is told
     * how many it missed when the history no longer reaches back that far). Null when there are too many.
     */
    public Subscriber subscribe(long afterId, Runnable wake) {
        Subscriber s = new Subscriber(queueSize, wake);
        synchronized (this) {
            if (subscribers.size() >= maxSubscribers) {
                return null;
            }
            if (afterId >= 0) {
                long oldest = history.isEmpty() ? lastId + 1 : history.peekFirst().id();
                s.missed(Math.max(0, oldest - afterId - 1));
                for (Event e : history) {
                    if (e.id() > afterId) {
                        s.offer(e);
                    }
                }
            }
            subscribers.add(s);
        }
        return s;
    }

    /** The kept events, oldest first (at most the history size). */
    public synchronized java.util.List<Event> history() {
        return java.util.List.copyOf(history);
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** One stream's bounded queue. {@code wake} is called after an offer (it must not block). */
    public static final class Subscriber {
        private final int capacity;
        private final Runnable wake;
        private final ArrayDeque<Event> queue = new ArrayDeque<>();
        private long missed;

        Subscriber(int capacity, Runnable wake) {
            this.capacity = capacity;
            this.wake = wake;
        }

        void offer(Event e) {
            synchronized (this) {
                if (queue.size() >= capacity) {
                    missed++;
                } else {
                    queue.addLast(e);
                }
            }
            wake.run();
        }

        synchronized void missed(long n) {
            missed += n;
        }

        /** Takes the queued events. */
        public synchronized List<Event> drain() {
            List<Event> out = new ArrayList<>(queue);
            queue.clear();
            return out;
        }

        /** Events dropped since the last call (the queue was full, or the history did not reach back). */
        public synchronized long takeMissed() {
            long n = missed;
            missed = 0;
            return n;
        }
    }
}
