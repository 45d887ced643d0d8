package io.jsuper.jsuperd.notify;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.jsuper.jsuperd.containment.ProcStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An AF_UNIX datagram socket that says who sent each message: {@code SO_PASSCRED}, read by one daemon
 * thread. Each message comes with the sender's pid from the kernel; the thread resolves it at once (before
 * a short-lived sender such as {@code systemd-notify} is reaped) to the pids that may be a supervised main
 * process. Used for the children's {@code NOTIFY_SOCKET} (systemd's Type=notify on the receiving side) and
 * for StatsD over a unix socket. Java 17 cannot receive unix datagrams, hence JNA (docs/PLATFORM facts).
 */
public final class PeerDatagramSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerDatagramSocket.class);
    /** systemd's limit for one notify message (NOTIFY_BUFFER_MAX); longer ones are dropped. */
    public static final int NOTIFY_MAX_MESSAGE = 4096;
    /** The most one datagram may hold (a StatsD packet). */
    public static final int MAX_DATAGRAM = 65_536;
    /** How far up the parents a sender is followed to find a main process. */
    static final int MAX_LINEAGE = 8;
    /** Only a safety net: close() wakes the thread with shutdown(2); an idle socket costs no wake-ups in between. */
    private static final int RECV_TIMEOUT_MILLIS = 5000;
    // struct msghdr (x86-64/aarch64): name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48.
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    // cmsghdr: len (size_t) 0, level 8, type 12, data 16: struct ucred {pid, uid, gid}.
    private static final int CMSG_SPACE_UCRED = 32;

    /**
     * One message.
     *
     * @param pid     the sender's pid (SCM_CREDENTIALS, checked by the kernel)
     * @param uid     the sender's uid
     * @param lineage pids to try, nearest first, to find the supervised process that sent it: the sender,
     *                its process group leader, then its parents (read from /proc while the sender still existed)
     * @param data    the message
     */
    public record Datagram(int pid, int uid, List<Integer> lineage, byte[] data) {
        public Datagram {
            lineage = List.copyOf(lineage);
        }

        public String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final String address;
    private final int fd;
    private final int maxMessage;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private Thread thread;

    private PeerDatagramSocket(String address, int fd, int maxMessage) {
        this.address = address;
        this.fd = fd;
        this.maxMessage = maxMessage;
    }

    /** A fresh abstract address nobody can guess (so it cannot be taken before jsuperd binds it). */
    public static String randomAbstractAddress() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return "@jsuperd/notify/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }

    /**
     * Binds {@code address} (a path, or {@code @name} for an abstract socket); throws with a clear reason.
     * A path is replaced if a stale socket is there and made writable by every user (children of any
     * watcher send to it; who sent what is told by the kernel, not by the file's mode).
     */
    public static PeerDatagramSocket bind(String address, int maxMessage) {
        DatagramLibC c = DatagramLibC.INSTANCE;
        UnixDatagramAddress sockaddr = UnixDatagramAddress.parse(address);
        if (address.startsWith("/")) {
            removeStaleSocket(java.nio.file.Path.of(address));
        }
        int fd = c.socket(DatagramLibC.AF_UNIX, DatagramLibC.SOCK_DGRAM | DatagramLibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("notify socket: socket() failed, errno " + Native.getLastError());
        }
        if (c.bind(fd, sockaddr.bytes(), sockaddr.length()) != 0
                || c.setsockopt(fd, DatagramLibC.SOL_SOCKET, DatagramLibC.SO_PASSCRED, intBytes(1), 4) != 0
                || c.setsockopt(fd, DatagramLibC.SOL_SOCKET, DatagramLibC.SO_RCVTIMEO,
                timeval(RECV_TIMEOUT_MILLIS), 16) != 0) {
            int errno = Native.getLastError();
            c.close(fd);
            throw new IllegalStateException("unix datagram socket " + address + ": bind/setsockopt failed, errno " + errno);
        }
        if (address.startsWith("/")) {
            try {
                java.nio.file.Files.setPosixFilePermissions(java.nio.file.Path.of(address),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            } catch (java.io.IOException e) {
                c.close(fd);
                throw new IllegalStateException("unix datagram socket " + address + ": chmod failed: " + e.getMessage());
            }
        }
        return new PeerDatagramSocket(address, fd, maxMessage);
    }

    /** Only a socket may be replaced: a regular file (or anything else) at the path is an error, never deleted. */
    private static void removeStaleSocket(java.nio.file.Path path) {
        try {
            var attrs = java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new IllegalStateException("unix datagram socket " + path + ": a file that is not a socket is there");
            }
            java.nio.file.Files.delete(path);
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing there: the usual case
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unix datagram socket " + path + ": " + e.getMessage());
        }
    }

    /** The value children get as {@code NOTIFY_SOCKET}. */
    public String address() {
        return address;
    }

    /** Starts the receiving thread; {@code sink} gets each message with credentials (on that thread; must not block). */
    public void start(String threadName, Consumer<Datagram> sink) {
        thread = new Thread(() -> receiveLoop(sink), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void receiveLoop(Consumer<Datagram> sink) {
        try (Memory msg = new Memory(MSGHDR_SIZE); Memory iov = new Memory(IOVEC_SIZE);
             Memory data = new Memory(maxMessage + 1); Memory control = new Memory(CMSG_SPACE_UCRED)) {
            while (open.get()) {
                msg.clear();
                control.clear();
                iov.setPointer(0, data);
                iov.setLong(8, maxMessage + 1);
                msg.setPointer(16, iov);
                msg.setLong(24, 1);
                msg.setPointer(32, control);
                msg.setLong(40, CMSG_SPACE_UCRED);
                long n = DatagramLibC.INSTANCE.recvmsg(fd, msg, 0);
                if (!open.get()) {
                    return;
                }
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno != DatagramLibC.EAGAIN && errno != DatagramLibC.EINTR && open.get()) {
                        log.error("unix datagram socket {}: recvmsg failed, errno {}; it stops receiving", address, errno);
                        return;
                    }
                    continue;
                }
                Optional<Datagram> m = decode(msg, data, control, (int) n, maxMessage);
                m.ifPresent(message -> {
                    try {
                        sink.accept(message);
                    } catch (RuntimeException e) {
                        log.warn("datagram from pid {} not handled: {}", message.pid(), e.toString());
                    }
                });
            }
        }
    }

    private static Optional<Datagram> decode(Memory msg, Memory data, Memory control, int n, int maxMessage) {
        int flags = msg.getInt(48);
        if (n > maxMessage || (flags & (DatagramLibC.MSG_TRUNC | DatagramLibC.MSG_CTRUNC)) != 0) {
            return Optional.empty();
        }
        if (msg.getLong(40) < 28 || control.getInt(8) != DatagramLibC.SOL_SOCKET
                || control.getInt(12) != DatagramLibC.SCM_CREDENTIALS) {
            return Optional.empty(); // no credentials: the sender cannot be told, so the message cannot count
        }
        int pid = control.getInt(16);
        int uid = control.getInt(20);
        return Optional.of(new Datagram(pid, uid, lineage(Path.of("/proc"), pid), data.getByteArray(0, n)));
    }

    /** The sender, its process group leader, then its parents: where a supervised main process may be. */
    static List<Integer> lineage(Path proc, int pid) {
        List<Integer> out = new ArrayList<>(MAX_LINEAGE + 2);
        out.add(pid);
        Optional<ProcStat> stat = ProcStat.read(proc, pid);
        stat.ifPresent(s -> out.add(s.pgrp()));
        for (int i = 0; i < MAX_LINEAGE && stat.isPresent() && stat.get().ppid() > 1; i++) {
            out.add(stat.get().ppid());
            stat = ProcStat.read(proc, stat.get().ppid());
        }
        return out;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            DatagramLibC.INSTANCE.shutdown(fd, DatagramLibC.SHUT_RDWR); // wakes a blocked recvmsg
            Thread t = thread;
            if (t != null) {
                try {
                    // the fd is closed only after the thread left recvmsg: a reused fd number is never read
                    t.join(RECV_TIMEOUT_MILLIS * 2L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            DatagramLibC.INSTANCE.close(fd);
            if (address.startsWith("/")) {
                try {
                    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(address));
                } catch (java.io.IOException e) {
                    log.debug("cannot remove {}: {}", address, e.toString());
                }
            }
        }
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
    }

    /** struct timeval {long sec; long usec}, little endian. */
    private static byte[] timeval(int millis) {
        byte[] out = new byte[16];
        long sec = millis / 1000;
        long usec = (millis % 1000) * 1000L;
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (sec >> (8 * i));
            out[8 + i] = (byte) (usec >> (8 * i));
        }
        return out;
    }
}
