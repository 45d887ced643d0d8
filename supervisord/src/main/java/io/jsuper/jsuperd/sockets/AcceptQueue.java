package io.jsuper.jsuperd.sockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Connections waiting to be accepted on a listening TCP socket: the kernel shows them as {@code rx_queue} of
 * the LISTEN line in {@code /proc/net/tcp} and {@code tcp6}, found by the socket's inode. -1 when unknown
 * (unix and UDP sockets, or no /proc).
 */
final class AcceptQueue {
    private AcceptQueue() {
    }

    static long of(int fd) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (!link.startsWith("socket:[")) {
                return -1;
            }
            String inode = link.substring(8, link.length() - 1);
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                long queued = find(Path.of(table), inode);
                if (queued >= 0) {
                    return queued;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Columns: sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode …; LISTEN is st 0A. */
    private static long find(Path table, String inode) throws IOException {
        if (!Files.isReadable(table)) {
            return -1;
        }
        try (var lines = Files.lines(table)) {
            return lines.skip(1).map(String::strip).map(l -> l.split("\\s+"))
                    .filter(f -> f.length > 9 && f[9].equals(inode) && f[3].equals("0A"))
                    .mapToLong(f -> Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16))
                    .findFirst().orElse(-1);
        }
    }
}
