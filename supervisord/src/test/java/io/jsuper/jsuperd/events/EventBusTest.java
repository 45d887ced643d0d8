package io.jsuper.jsuperd.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bounded history, bounded subscribers and queues; a slow subscriber is told what it missed. */
class EventBusTest {
    private final EventBus bus = new EventBus(5, 2, 3, () -> 1234L);

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            bus.publish("state", Map.of("n", i));
        }
    }

    @Test
    void slowSubscriber_keepsItsQueueBound_andIsToldWhatItMissed() {
        int[] wakes = {0};
        EventBus.Subscriber s = bus.subscribe(-1, () -> wakes[0]++);
        publish(5);
        assertEquals(5, wakes[0]);
        List<Event> got = s.drain();
        assertEquals(List.of(1L, 2L, 3L), got.stream().map(Event::id).toList());
        assertEquals(2, s.takeMissed());
        assertEquals(0, s.takeMissed());
        assertEquals(1234L, got.get(0).timeMillis());
    }

    @Test
    void resume_replaysKeptHistoryAfterTheId_andCountsWhatFellOut() {
        publish(8); // ids 1..8, history keeps 4..8
        EventBus.Subscriber s = bus.subscribe(5, () -> { });
        assertEquals(List.of(6L, 7L, 8L), s.drain().stream().map(Event::id).toList());
        assertEquals(0, s.takeMissed());
        EventBus.Subscriber old = bus.subscribe(1, () -> { });
        assertEquals(4, old.takeMissed(), "ids 2 and 3 are no longer kept, 2 more did not fit its queue");
        assertEquals(3, old.drain().size(), "queue bound 3 of the 5 kept");
    }

    @Test
    void subscriberCountIsBounded_andUnsubscribeFreesASlot() {
        EventBus.Subscriber a = bus.subscribe(-1, () -> { });
        assertNotNull(bus.subscribe(-1, () -> { }));
        assertNull(bus.subscribe(-1, () -> { }));
        bus.unsubscribe(a);
        assertNotNull(bus.subscribe(-1, () -> { }));
        assertEquals(2, bus.subscriberCount());
    }
}
