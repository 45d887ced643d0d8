package io.jsuper.jsuperd.notify;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The four libc calls the notify protocol needs (AF_UNIX datagrams, which Java 17 cannot send).
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
}
