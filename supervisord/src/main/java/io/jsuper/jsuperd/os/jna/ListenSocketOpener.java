package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jsuper.jsuperd.config.SocketConfig;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binds a {@code [socket:NAME]} with socket(2), bind(2) and listen(2) so that jsuperd holds a raw descriptor
 * it can hand to children (Java's channels hide theirs). Descriptors are close-on-exec in the daemon; the
 * spawn helper's dup2 gives the child a copy without it.
 */
public final class ListenSocketOpener {
    private static final LibC C = LibC.INSTANCE;

    /** A bound socket: its descriptor and the address the kernel reports (the real port when port = 0). */
    public record Opened(int fd, String address) {
    }

    private ListenSocketOpener() {
    }

    /** Binds {@code s}; the message of the exception names the step, the address and the errno text. */
    public static Opened open(SocketConfig s) throws IOException {
        int domain = switch (s.family()) {
            case INET -> LibC.AF_INET;
            case INET6 -> LibC.AF_INET6;
            case UNIX -> LibC.AF_UNIX;
        };
        int type = (s.type() == SocketConfig.Type.STREAM ? LibC.SOCK_STREAM : LibC.SOCK_DGRAM) | LibC.SOCK_CLOEXEC
                | (s.blocking() ? 0 : LibC.SOCK_NONBLOCK);
        Memory addr = s.family() == SocketConfig.Family.UNIX ? unixAddress(s) : inetAddress(s);
        int fd = C.socket(domain, type, 0);
        if (fd < 0) {
            throw new IOException("socket(): " + LibC.describe(LibC.errno()));
        }
        try {
            options(fd, s);
            if (C.bind(fd, addr, (int) addr.size()) != 0) {
                throw new IOException("bind " + s.address() + ": " + LibC.describe(LibC.errno()));
            }
            if (s.family() == SocketConfig.Family.UNIX) {
                Files.setPosixFilePermissions(s.path().orElseThrow(), permissions(0777 & ~s.umask()));
            }
            if (s.type() == SocketConfig.Type.STREAM && C.listen(fd, s.backlog()) != 0) {
                throw new IOException("listen " + s.address() + ": " + LibC.describe(LibC.errno()));
            }
            return new Opened(fd, boundAddress(fd, s));
        } catch (IOException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    /**
     * Takes over a listening socket the previous jsuperd handed over across execv: it must be an open socket
     * (getsockname works); it becomes close-on-exec again. Returns the address the kernel reports.
     */
    public static String adopt(int fd, SocketConfig s) throws IOException {
        try (Memory m = new Memory(128)) {
            IntByReference len = new IntByReference(128);
            if (C.getsockname(fd, m, len) != 0) {
                throw new IOException("getsockname(" + fd + "): " + LibC.describe(LibC.errno()));
            }
        }
        if (C.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC) != 0) {
            throw new IOException("fcntl(" + fd + ", F_SETFD): " + LibC.describe(LibC.errno()));
        }
        return boundAddress(fd, s);
    }

    /** A new backlog (listen(2) again on the listening socket) and, for a unix socket, the file's new mode. */
    public static void updateInPlace(int fd, SocketConfig s) throws IOException {
        if (s.type() == SocketConfig.Type.STREAM && C.listen(fd, s.backlog()) != 0) {
            throw new IOException("socket " + s.name() + ": listen " + s.address() + ": " + LibC.describe(LibC.errno()));
        }
        if (s.family() == SocketConfig.Family.UNIX) {
            Files.setPosixFilePermissions(s.path().orElseThrow(), permissions(0777 & ~s.umask()));
        }
    }

    /** Keeps {@code fd} open across execv (a daemon restart hands it to the new jsuperd). */
    public static void keepAcrossExec(int fd) {
        C.fcntl(fd, LibC.F_SETFD, 0);
    }

    /** Closes a descriptor {@link #open} returned (and, for a unix socket, leaves the file: replace handles it). */
    public static void close(int fd) {
        C.close(fd);
    }

    private static void options(int fd, SocketConfig s) throws IOException {
        if (s.family() != SocketConfig.Family.UNIX) {
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1, "SO_REUSEADDR");
            if (s.soReuseport()) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEPORT, 1, "SO_REUSEPORT");
            }
            if (s.family() == SocketConfig.Family.INET6) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, 1, "IPV6_V6ONLY");
            }
        }
        if (s.iface().isPresent()) {
            byte[] name = (s.iface().get() + "\0").getBytes(StandardCharsets.UTF_8);
            try (Memory m = new Memory(name.length)) {
                m.write(0, name, 0, name.length);
                if (C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, m, name.length) != 0) {
                    throw new IOException("interface " + s.iface().get() + ": " + LibC.describe(LibC.errno()));
                }
            }
        }
    }

    private static void setInt(int fd, int level, int option, int value, String what) throws IOException {
        try (Memory m = new Memory(4)) {
            m.setInt(0, value);
            if (C.setsockopt(fd, level, option, m, 4) != 0) {
                throw new IOException(what + ": " + LibC.describe(LibC.errno()));
            }
        }
    }

    /** struct sockaddr_un: sa_family_t (2 bytes), then the NUL-terminated path in 108 bytes. */
    private static Memory unixAddress(SocketConfig s) throws IOException {
        Path path = s.path().orElseThrow();
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!s.replace()) {
                throw new IOException("bind " + s.address() + ": the file exists (replace = true removes it first)");
            }
            java.nio.file.attribute.BasicFileAttributes attrs = Files.readAttributes(path,
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) { // a socket file is "other": never remove a directory, link or regular file
                throw new IOException("bind " + s.address() + ": replace only removes an old socket file, and this is not one");
            }
            Files.delete(path);
        }
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(110);
        m.clear();
        m.setShort(0, (short) LibC.AF_UNIX);
        m.write(2, bytes, 0, bytes.length);
        return m;
    }

    /** struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes); the port in network byte order. */
    private static Memory inetAddress(SocketConfig s) throws IOException {
        InetAddress[] all = InetAddress.getAllByName(s.host());
        for (InetAddress a : all) {
            if (s.family() == SocketConfig.Family.INET && a instanceof Inet4Address) {
                Memory m = new Memory(16);
                m.clear();
                m.setShort(0, (short) LibC.AF_INET);
                m.write(2, new byte[] {(byte) (s.port() >> 8), (byte) s.port()}, 0, 2);
                m.write(4, a.getAddress(), 0, 4);
                return m;
            }
            if (s.family() == SocketConfig.Family.INET6 && a instanceof Inet6Address v6) {
                Memory m = new Memory(28);
                m.clear();
                m.setShort(0, (short) LibC.AF_INET6);
                m.write(2, new byte[] {(byte) (s.port() >> 8), (byte) s.port()}, 0, 2);
                m.write(8, a.getAddress(), 0, 16);
                m.setInt(24, v6.getScopeId());
                return m;
            }
        }
        throw new IOException("bind " + s.address() + ": " + s.host() + " has no " + s.family() + " address");
    }

    /** The address as bound: for INET/INET6 the real port (which differs with port = 0). */
    private static String boundAddress(int fd, SocketConfig s) {
        if (s.family() == SocketConfig.Family.UNIX) {
            return s.address();
        }
        try (Memory m = new Memory(28)) {
            IntByReference len = new IntByReference(28);
            if (C.getsockname(fd, m, len) != 0) {
                return s.address();
            }
            int port = ((m.getByte(2) & 0xff) << 8) | (m.getByte(3) & 0xff);
            return s.family() == SocketConfig.Family.INET6 ? "[" + s.host() + "]:" + port : s.host() + ":" + port;
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
