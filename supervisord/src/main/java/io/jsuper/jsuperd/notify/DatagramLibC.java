package io.jsuper.jsuperd.notify;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The libc calls the notify protocol needs (AF_UNIX datagrams, which Java 17 cannot send).
 * Kept apart from the OS seam in {@code os.jna}: it has nothing to do with children, and the notify
 * component should not depend on libsystemd (glibc only, Linux LP64: size_t is Java {@code long}).
 */
interface DatagramLibC extends Library {

    DatagramLibC INSTANCE = Native.load("c", DatagramLibC.class);

    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int MSG_NOSIGNAL = 0x4000;
    int MSG_DONTWAIT = 0x40;
    /** sizeof(struct sockaddr_un): sa_family_t (2 bytes) + sun_path[108]. */
    int SOCKADDR_UN_SIZE = 110;

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] address, int length);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] address, int length);

    long recv(int fd, byte[] buf, long len, int flags);

    int close(int fd);

    int SOL_SOCKET = 1;
    int SO_PASSCRED = 16;
    int SO_RCVTIMEO = 20;
    int SO_RCVBUF = 8;
    int SCM_CREDENTIALS = 2;
    int MSG_TRUNC = 0x20;
    int MSG_CTRUNC = 0x08;
    int EAGAIN = 11;
    int EINTR = 4;

    int SHUT_RDWR = 2;

    int shutdown(int fd, int how);

    int setsockopt(int fd, int level, int name, byte[] value, int length);

    /** {@code msghdr} is a struct msghdr in native memory (x86-64/aarch64 layout, see {@link NotifySocket}). */
    long recvmsg(int fd, com.sun.jna.Pointer msghdr, int flags);
}
