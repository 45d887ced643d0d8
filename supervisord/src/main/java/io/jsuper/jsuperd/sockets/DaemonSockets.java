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

        /** A descriptor the previous jsuperd handed over (daemon restart): checked, made close-on-exec again. */
        default Bound adopt(SocketConfig config, int fd) throws IOException {
            return new Bound(config, fd, config.address());
        }

        /** Applies a new backlog and umask to an open socket without closing it (listen(2) again, chmod). */
        default void updateInPlace(Bound open, SocketConfig next) throws IOException {
        }
    }

    /** One open socket: what it was bound from, its descriptor in jsuperd and the address the kernel reports. */
    public record Bound(SocketConfig config, int fd, String address) {
    }

    /** What a reload changed: sockets bound for the first time, rebound, and closed. */
    public record Changes(List<String> added, List<String> rebound, List<String> closed, List<String> updatedInPlace) {
        public boolean any() {
            return !added.isEmpty() || !rebound.isEmpty() || !closed.isEmpty() || !updatedInPlace.isEmpty();
        }
    }

    private final Opener opener;
    private Map<String, Bound> bound = new LinkedHashMap<>();

    public DaemonSockets(Opener opener) {
        this.opener = opener;
    }

    /** Binds every socket of a starting daemon; on any failure closes what it bound and throws naming the socket. */
    public synchronized void bindAll(Map<String, SocketConfig> sockets) throws IOException {
        bindAll(sockets, Map.of());
    }

    /**
     * As {@link #bindAll(Map)}, first adopting the sockets a daemon restart handed over whose section is
     * unchanged; the others are closed before anything is bound (their address may be needed again).
     */
    public synchronized void bindAll(Map<String, SocketConfig> sockets, Map<String, SocketHandOver.Handed> handed)
            throws IOException {
        for (Map.Entry<String, SocketHandOver.Handed> h : handed.entrySet()) {
            SocketConfig s = sockets.get(h.getKey());
            int fd = h.getValue().fd();
            if (s == null || !SocketHandOver.fingerprint(s).equals(h.getValue().fingerprint())) {
                opener.close(fd);
                log.warn("socket {}: {} while jsuperd restarted: its old socket (fd {}) is closed{}", h.getKey(),
                        s == null ? "removed from the config" : "definition changed", fd, s == null ? "" : ", binding the new one");
                continue;
            }
            try {
                Bound b = opener.adopt(s, fd);
                bound.put(s.name(), b);
                log.info("socket {}: kept across the daemon restart, {} (fd {}): no moment without a listener",
                        s.name(), b.address(), fd);
            } catch (IOException e) {
                opener.close(fd);
                log.warn("socket {}: the handed-over fd {} is not usable ({}), binding it anew", s.name(), fd, e.getMessage());
            }
        }
        apply(sockets, false);
    }

    /**
     * The first half of a daemon restart: the value of {@link SocketHandOver#VARIABLE} for the new jsuperd and
     * the descriptors to keep open across execv; this object then holds none (nothing is closed).
     */
    public synchronized SocketHandOver.Plan handOver(long pid) {
        SocketHandOver.Plan plan = new SocketHandOver.Plan(SocketHandOver.encode(pid, List.copyOf(bound.values())),
                bound.values().stream().map(Bound::fd).toList());
        bound = new LinkedHashMap<>();
        return plan;
    }

    /**
     * Moves to {@code next}: binds added and changed sockets (all of them, before anything is closed), then
     * closes removed ones and the old copies of changed ones. Throws (nothing changed) when a bind fails.
     */
    public synchronized Changes apply(Map<String, SocketConfig> next) throws IOException {
        return apply(next, false);
    }

    /**
     * As {@link #apply(Map)}; {@code held}: processes hold the current sockets (a {@code use_sockets} process
     * is running), so a changed socket on the same address cannot be bound after closing jsuperd's copy, and
     * that copy is kept (the reload fails) rather than lost.
     */
    public synchronized Changes apply(Map<String, SocketConfig> next, boolean held) throws IOException {
        Map<String, Bound> fresh = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> rebound = new ArrayList<>();
        List<String> updated;
        try {
            for (SocketConfig s : next.values()) {
                Bound old = bound.get(s.name());
                if (old != null && old.config().equals(s)) {
                    fresh.put(s.name(), old);
                    continue;
                }
                if (old != null && onlyBacklogOrUmask(old.config(), s)) {
                    continue; // applied in place below, once every bind has succeeded
                }
                fresh.put(s.name(), openReplacing(s, old, held));
                (old == null ? added : rebound).add(s.name());
            }
            updated = updateInPlace(next, fresh);
        } catch (IOException e) {
            for (Bound b : fresh.values()) {
                if (!holds(bound, b.fd())) {
                    opener.close(b.fd());
                }
            }
            throw e;
        }
        List<String> closed = new ArrayList<>();
        for (Bound old : bound.values()) {
            if (!holds(fresh, old.fd())) {
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
        return new Changes(added, rebound, closed, updated);
    }

    /** A new backlog or umask needs no new socket: listen(2) again, chmod; the processes keep the same one. */
    private List<String> updateInPlace(Map<String, SocketConfig> next, Map<String, Bound> fresh) throws IOException {
        List<String> updated = new ArrayList<>();
        for (SocketConfig s : next.values()) {
            Bound old = bound.get(s.name());
            if (fresh.containsKey(s.name()) || old == null) {
                continue;
            }
            opener.updateInPlace(old, s);
            Bound now = new Bound(s, old.fd(), old.address());
            fresh.put(s.name(), now);
            updated.add(s.name());
            log.info("socket {}: backlog/umask changed, applied to the open socket {} (fd {}, backlog {}); not rebound",
                    s.name(), old.address(), old.fd(), s.backlog());
        }
        // keep config order in the map: the i-th socket is the child's fd 3 + i
        Map<String, Bound> ordered = new LinkedHashMap<>();
        next.keySet().forEach(n -> ordered.put(n, fresh.get(n)));
        fresh.clear();
        fresh.putAll(ordered);
        return updated;
    }

    private static boolean holds(Map<String, Bound> sockets, int fd) {
        return sockets.values().stream().anyMatch(b -> b.fd() == fd);
    }

    private static boolean onlyBacklogOrUmask(SocketConfig old, SocketConfig next) {
        return new SocketConfig(old.name(), old.family(), old.type(), old.host(), old.port(), old.path(), next.backlog(),
                next.umask(), old.soReuseport(), old.iface(), old.replace(), old.blocking()).equals(next);
    }

    /**
     * A changed socket on the same address cannot be bound next to the old one: the old copy is closed first
     * (the processes that hold it keep serving on it until they are replaced, so the bind may still fail).
     */
    private Bound openReplacing(SocketConfig s, Bound old, boolean held) throws IOException {
        try {
            return opener.open(s);
        } catch (IOException e) {
            if (old == null || !old.config().address().equals(s.address())) {
                throw new IOException("socket " + s.name() + ": " + e.getMessage(), e);
            }
            if (held) { // closing our copy could not free the address, and the socket would be lost to new processes
                throw new IOException("socket " + s.name() + ": " + e.getMessage() + " (the new definition has the "
                        + "same address " + s.address() + ", still held by running processes that inherited the old "
                        + "socket: stop the watchers that use it, then reload; only backlog and umask change in place)", e);
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
    public List<String> reconfigure(Map<String, SocketConfig> next, boolean held) throws IOException {
        return apply(next, held).rebound();
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
