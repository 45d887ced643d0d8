package io.jsuper.jsuperd.core;

import java.util.List;

/**
 * One daemon-owned socket as {@code jsuperctl sockets} and {@code GET /sockets} show it.
 *
 * @param fd       jsuperd's own descriptor
 * @param childFd  the descriptor a {@code use_sockets} process gets (3, 4, …)
 * @param users    the watchers with {@code use_sockets = true}
 * @param queued   connections waiting in the accept queue (from /proc/net/tcp*), -1 when the kernel does not say
 */
public record SocketInfo(String name, String address, int fd, int childFd, List<String> users, long queued) {
    public SocketInfo {
        users = List.copyOf(users);
    }
}
