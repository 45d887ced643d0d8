package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code [socket:NAME]} section (Circus's options): a listening socket jsuperd binds itself and hands
 * to the watchers with {@code use_sockets = true}. Pure data: record equality decides whether a reload
 * changed it (and so whether it is rebound).
 *
 * @param family       INET, INET6 or UNIX
 * @param type         STREAM or DGRAM
 * @param host         address or name to bind (INET/INET6); a name is resolved when the socket is bound
 * @param port         TCP/UDP port (INET/INET6); 0 lets the kernel choose
 * @param path         file of a unix socket (UNIX)
 * @param backlog      listen(2) backlog (STREAM)
 * @param umask        mode bits removed from a unix socket file (0777 &amp; ~umask)
 * @param soReuseport  SO_REUSEPORT
 * @param iface        SO_BINDTODEVICE (network interface name), empty: any
 * @param replace      a unix socket file already at {@code path} is removed first (else it is an error)
 * @param blocking     false: the socket is handed over with O_NONBLOCK set (Circus's default)
 */
public record SocketConfig(String name, Family family, Type type, String host, int port, Optional<Path> path,
                           int backlog, int umask, boolean soReuseport, Optional<String> iface, boolean replace,
                           boolean blocking) {

    /** Address families jsuperd binds. */
    public enum Family { INET, INET6, UNIX }

    /** Socket types jsuperd binds. */
    public enum Type { STREAM, DGRAM }

    /** What {@code status} and the API show: {@code 127.0.0.1:8000}, {@code [::1]:8000}, {@code unix:/run/x.sock}. */
    public String address() {
        return switch (family) {
            case UNIX -> "unix:" + path.map(Path::toString).orElse("?");
            case INET6 -> "[" + host + "]:" + port;
            case INET -> host + ":" + port;
        };
    }
}
