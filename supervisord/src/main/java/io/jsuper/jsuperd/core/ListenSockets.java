package io.jsuper.jsuperd.core;

import java.util.List;

/** The daemon-owned listening sockets a {@code use_sockets} process inherits, in the order of its fds 3, 4, …. */
public interface ListenSockets {
    /** No sockets (a daemon without {@code [socket:NAME]} sections, and tests). */
    ListenSockets NONE = new ListenSockets() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public List<Integer> fds() {
            return List.of();
        }
    };

    /** Socket names; the i-th is the child's fd 3 + i. */
    List<String> names();

    /** Name, address, fds and accept queue of each socket; {@code users} is left empty for the caller to fill. */
    default List<SocketInfo> describe() {
        return List.of();
    }

    /** The daemon's descriptors, in the same order as {@link #names()}. */
    List<Integer> fds();

    /**
     * A config reload: binds what is new or changed, closes what is gone; returns the names of sockets that
     * were rebound (their users need new processes). Throws, changing nothing, when a bind fails.
     */
    default List<String> reconfigure(java.util.Map<String, io.jsuper.jsuperd.config.SocketConfig> next)
            throws java.io.IOException {
        if (!next.isEmpty()) {
            throw new java.io.IOException("this jsuperd holds no sockets");
        }
        return List.of();
    }

    /**
     * As {@link #reconfigure(java.util.Map)}; {@code held}: running processes hold the current sockets, so a
     * socket changed on the same address is refused rather than closed first (docs/zero-downtime.md).
     */
    default List<String> reconfigure(java.util.Map<String, io.jsuper.jsuperd.config.SocketConfig> next, boolean held)
            throws java.io.IOException {
        return reconfigure(next);
    }
}
