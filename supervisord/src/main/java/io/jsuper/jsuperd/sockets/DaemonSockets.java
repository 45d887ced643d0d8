package io.jsuper.jsuperd.sockets;

import io.jsuper.jsuperd.config.SocketConfig;
import io.jsuper.jsuperd.core.ListenSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [socket:NAME]} sockets jsuperd holds open for its watchers: bound at start, kept across restarts
 * and reloads, rebound on a reload only when their definition changed, closed when removed from the config.
 * A reload binds everything new first and changes nothing if any bind fails. Used by the loop (spawns,
 * reloads) and by status readers, hence synchronized.
 */
public final class DaemonSockets implements ListenSockets {
    private static final Logger log = LoggerFactory.getLogger(DaemonSockets.class);

    /** Binds and closes descriptors (the real one is {@code ListenSocketOpener}; tests use a fake). */
    public interface Opener {
        Bound open(SocketConfig config) throws IOException;

        void close(int fd);
    }

    /** One open socket: what it was bound from, its descriptor in jsuperd and the address the kernel reports. */
    public record Bound(SocketConfig config, int fd, String address) {
    }

    /** What a reload changed: sockets bound for the first time, rebound, and closed. */
    public record Changes(List<String> added, List<String> rebound, List<String> closed) {
        public boolean any() {
            return !added.isEmpty() || !rebound.isEmpty() || !closed.isEmpty();
        }
    }

    private final Opener opener;
    private Map<String, Bound> bound = new LinkedHashMap<>();

    public DaemonSockets(Opener opener) {
        this.opener = opener;
    }

    /** Binds every socket of a starting daemon; on any failure closes what it bound and throws naming the socket. */
    public synchronized void bindAll(Map<String, SocketConfig> sockets) throws IOException {
        apply(sockets);
    }

    /**
     * Moves to {@code next}: binds added and changed sockets (all of them, before anything is closed), then
     * closes removed ones and the old copies of changed ones. Throws (nothing changed) when a bind fails.
     */
    public synchronized Changes apply(Map<String, SocketConfig> next) throws IOException {
        Map<String, Bound> fresh = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> rebound = new ArrayList<>();
        try {
            for (SocketConfig s : next.values()) {
                Bound old = bound.get(s.name());
                if (old != null && old.config().equals(s)) {
                    fresh.put(s.name(), old);
                    continue;
                }
                fresh.put(s.name(), openReplacing(s, old));
                (old == null ? added : rebound).add(s.name());
            }
        } catch (IOException e) {
            for (Bound b : fresh.values()) {
                if (!bound.containsValue(b)) {
                    opener.close(b.fd());
                }
            }
            throw e;
        }
        List<String> closed = new ArrayList<>();
        for (Bound old : bound.values()) {
            if (!fresh.containsValue(old)) {
                opener.close(old.fd());
                if (!fresh.containsKey(old.config().name())) {
                    closed.add(old.config().name());
                    log.info("socket {}: closed ({}), no longer in the config", old.config().name(), old.address());
                }
            }
        }
        bound = fresh;
        for (String name : added) {
            log.info("socket {}: bound {} (fd {})", name, bound.get(name).address(), bound.get(name).fd());
        }
        for (String name : rebound) {
            log.warn("socket {}: definition changed, rebound as {} (fd {}); processes started from now on get the new one",
                    name, bound.get(name).address(), bound.get(name).fd());
        }
        return new Changes(added, rebound, closed);
    }

    /**
     * A changed socket on the same address cannot be bound next to the old one: the old copy is closed first
     * (the processes that hold it keep serving on it until they are replaced, so the bind may still fail).
     */
    private Bound openReplacing(SocketConfig s, Bound old) throws IOException {
        try {
            return opener.open(s);
        } catch (IOException e) {
            if (old == null || !old.config().address().equals(s.address())) {
                throw new IOException("socket " + s.name() + ": " + e.getMessage(), e);
            }
        }
        opener.close(old.fd());
        bound.remove(s.name());
        try {
            return opener.open(s);
        } catch (IOException e) {
            throw new IOException("socket " + s.name() + ": " + e.getMessage() + " (its address is still held by the "
                    + "processes that inherited the old socket: stop the watchers that use it, then reload)", e);
        }
    }

    @Override
    public List<String> reconfigure(Map<String, SocketConfig> next) throws IOException {
        return apply(next).rebound();
    }

    @Override
    public synchronized List<io.jsuper.jsuperd.core.SocketInfo> describe() {
        List<io.jsuper.jsuperd.core.SocketInfo> out = new ArrayList<>();
        int childFd = 3;
        for (Bound b : bound.values()) {
            out.add(new io.jsuper.jsuperd.core.SocketInfo(b.config().name(), b.address(), b.fd(), childFd++, List.of(),
                    AcceptQueue.of(b.fd())));
        }
        return out;
    }

    /** The open sockets in config order. */
    public synchronized List<Bound> list() {
        return List.copyOf(bound.values());
    }

    @Override
    public synchronized List<String> names() {
        return List.copyOf(bound.keySet());
    }

    @Override
    public synchronized List<Integer> fds() {
        return bound.values().stream().map(Bound::fd).toList();
    }

    /** Closes every socket (daemon exit). */
    public synchronized void closeAll() {
        bound.values().forEach(b -> opener.close(b.fd()));
        bound = new LinkedHashMap<>();
    }

    @Override
    public String toString() {
        return "DaemonSockets" + Objects.toString(names());
    }
}
