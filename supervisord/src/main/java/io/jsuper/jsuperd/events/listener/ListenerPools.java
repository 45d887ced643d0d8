package io.jsuper.jsuperd.events.listener;

import io.jsuper.jsuperd.config.EventListenerSettings;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ListenerChannels;
import io.jsuper.jsuperd.core.ProcessSlot;
import io.jsuper.jsuperd.core.Scheduler;
import io.jsuper.jsuperd.core.state.ProcessState;
import io.jsuper.jsuperd.logs.ConsoleWriter;
import io.jsuper.jsuperd.logs.OutputSink;
import io.jsuper.jsuperd.os.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisord event listener pools of the running config: events go to the pools that subscribed, each
 * pool hands them to its READY listeners and reads their answers. On the loop only.
 */
public final class ListenerPools implements ListenerChannels {
    private static final Logger log = LoggerFactory.getLogger(ListenerPools.class);

    private record Membership(ListenerProcess process, ListenerPool pool) {
    }

    private final Scheduler loop;
    private final Posix posix;
    private final String server;
    private final Map<String, ListenerPool> pools = new LinkedHashMap<>();
    private final Map<ProcessSlot, Membership> members = new IdentityHashMap<>();
    private long serial = -1;
    /**
     * The output event types some pool subscribed to, for the pump thread's tees: replaced whole on configure; null
     * until the first configure (then every type counts as listened to: no output of the first moments goes unsent).
     */
    private volatile Set<String> outputTypesListened;
    /** Results of {@code listener_results = print} pools, on jsuperd's stdout, line by line, never blocking. */
    private final ConsoleWriter results = new ConsoleWriter(System.out, "jsuperd-listener-results");

    /** {@code server}: the name in every envelope ({@code server:supervisor}, supervisord's default identifier). */
    public ListenerPools(Scheduler loop, Posix posix, String server) {
        this.loop = loop;
        this.posix = posix;
        this.server = server;
    }

    /** The pools of {@code watchers}' listener settings; a pool no longer configured goes with its queue. */
    void configure(Collection<WatcherConfig> watchers) {
        Map<String, EventListenerSettings> wanted = new LinkedHashMap<>();
        for (WatcherConfig w : watchers) {
            w.monitoring().listener().ifPresent(l -> wanted.putIfAbsent(l.pool(), l));
        }
        pools.keySet().retainAll(wanted.keySet());
        wanted.forEach((name, settings) -> pools.computeIfAbsent(name, n -> new ListenerPool(n, settings))
                .settings(settings));
        Set<String> listened = new java.util.HashSet<>();
        for (String type : List.of("PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR")) {
            if (anyWants(type)) {
                listened.add(type);
            }
        }
        outputTypesListened = Set.copyOf(listened);
    }

    /** Whether a pool subscribed to {@code type} (PROCESS_LOG_STDOUT or _STDERR) now; any thread may ask. */
    boolean listensTo(String type) {
        Set<String> listened = outputTypesListened;
        return listened == null || listened.contains(type);
    }

    /** False without any [eventlistener] pool: then no event payload needs to be built at all. */
    boolean listening() {
        return !pools.isEmpty();
    }

    boolean anyWants(String type) {
        return pools.values().stream().anyMatch(p -> p.wants(type));
    }

    /** An event: queued in every pool that subscribed to its type (one global serial), then dispatched. */
    void publish(String type, byte[] payload) {
        if (!anyWants(type)) {
            return;
        }
        SupervisorEvent event = new SupervisorEvent(++serial, type, payload);
        for (ListenerPool p : pools.values()) {
            if (p.wants(type)) {
                p.offer(event);
                p.dispatch(server);
            }
        }
    }

    @Override
    public OutputSink attach(ProcessSlot slot, int stdinFd) {
        ListenerPool pool = slot.config().monitoring().listener().map(l -> pools.get(l.pool())).orElse(null);
        if (pool == null) {
            return null;
        }
        Membership old = members.remove(slot);
        if (old != null) {
            leave(old);
        }
        ListenerProcess p = new ListenerProcess(slot, stdinFd, posix, loop, this::broken);
        members.put(slot, new Membership(p, pool));
        pool.join(p);
        return new ProtocolSink(p, loop, this::received);
    }

    @Override
    public OutputSink outputEvents(ProcessSlot slot, String stream, OutputSink sink) {
        return new OutputEventTee(sink, loop, this, slot, stream);
    }

    /** A listener slot changed state: RUNNING may take events; without a child it leaves its pool. */
    void stateChanged(ProcessSlot slot, ProcessState to) {
        Membership m = members.get(slot);
        if (m == null) {
            return;
        }
        if (!to.hasChild()) {
            members.remove(slot);
            leave(m);
        }
        m.pool().dispatch(server);
    }

    /** Its process ended: the event it was working on goes back to the head of the queue (supervisord does so too). */
    private void leave(Membership m) {
        m.process().close();
        m.pool().leave(m.process());
        ListenerPool.Queued q = m.process().takeInFlight();
        if (q != null) {
            m.pool().requeue(q);
        }
    }

    private void received(ListenerProcess p, byte[] data) {
        Membership m = members.get(p.slot());
        if (m == null || m.process() != p || p.closed()) {
            return; // a late chunk of a process that is gone
        }
        List<ListenerProtocol.Outcome> outcomes = data == null
                ? List.of(new ListenerProtocol.Outcome(ListenerProtocol.Kind.ERROR, "flooded its stdout (more than "
                        + ProtocolSink.MAX_IN_TRANSIT + " bytes unread)", p.protocol().state() == ListenerState.BUSY))
                : p.protocol().feed(data);
        if (data == null) {
            p.protocol().broken();
        }
        for (ListenerProtocol.Outcome o : outcomes) {
            handle(m, o);
        }
        m.pool().dispatch(server);
    }

    /** A result that accepts the event by the pool's {@code listener_results}; with {@code print} its text is shown. */
    private void accepted(Membership m, String result) {
        ListenerPool.Queued q = m.process().takeInFlight();
        log.debug("{}: event {} was processed", m.process().name(), q == null ? "?" : q.event().serial());
        if (m.pool().results() == EventListenerSettings.Results.PRINT) {
            results.offer(ResultText.printed(result));
        }
    }

    private void handle(Membership m, ListenerProtocol.Outcome o) {
        ListenerProcess p = m.process();
        switch (o.kind()) {
            case READY -> log.debug("{}: ACKNOWLEDGED -> READY", p.name());
            case ACCEPTED -> {
                ListenerPool.Queued q = p.takeInFlight();
                log.debug("{}: event {} was processed", p.name(), q == null ? "?" : q.event().serial());
            }
            case REJECTED -> {
                if (m.pool().results() != EventListenerSettings.Results.OK) {
                    accepted(m, o.detail());
                    return;
                }
                ListenerPool.Queued q = p.takeInFlight();
                log.warn("{}: event {} was rejected (result {}): it is sent again", p.name(),
                        q == null ? "?" : q.event().serial(), ListenerProtocol.quote(o.detail().getBytes()));
                if (q != null) {
                    m.pool().requeue(q);
                }
            }
            case ERROR -> {
                log.warn("{}: event listener protocol error, now UNKNOWN (no more events until it restarts): {}",
                        p.name(), o.detail());
                ListenerPool.Queued q = p.takeInFlight();
                if (q != null) {
                    m.pool().requeue(q);
                }
            }
        }
    }

    private void broken(ListenerProcess p) {
        Membership m = members.get(p.slot());
        log.warn("{}: cannot write to its stdin (closed?): now UNKNOWN", p.name());
        p.protocol().broken();
        ListenerPool.Queued q = p.takeInFlight();
        if (m != null && q != null) {
            m.pool().requeue(q);
        }
    }

    /** The state of each listener process by name (tests, diagnostics). */
    public Map<String, ListenerState> states() {
        Map<String, ListenerState> out = new LinkedHashMap<>();
        members.values().forEach(m -> out.put(m.process().name(), m.process().protocol().state()));
        return out;
    }

    /** The queued event types of pool {@code name}, oldest first (tests, diagnostics). */
    public List<String> queued(String name) {
        ListenerPool p = pools.get(name);
        return p == null ? List.of() : p.queuedTypes();
    }
}
