package io.jsuper.jsuperd.notify;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code struct sockaddr_un} built from a {@code NOTIFY_SOCKET} value: a file path, or an abstract
 * name written with a leading {@code @} (sent as a leading NUL byte, as sd_notify(3) does).
 *
 * @param bytes  the struct, ready for sendto/bind
 * @param length the address length to pass with it (abstract names count exactly, paths include the NUL)
 */
record UnixDatagramAddress(byte[] bytes, int length) {
    private static final int FAMILY_SIZE = 2;
    private static final int PATH_MAX = DatagramLibC.SOCKADDR_UN_SIZE - FAMILY_SIZE;

    /** Parses a NOTIFY_SOCKET value; fails with a message naming the value when it cannot be an AF_UNIX address. */
    static UnixDatagramAddress parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is empty");
        }
        boolean abstractName = value.charAt(0) == '@';
        if (!abstractName && value.charAt(0) != '/') {
            throw new IllegalArgumentException("NOTIFY_SOCKET=" + value
                    + " is neither an absolute path nor an abstract name (@NAME); vsock and other families are not supported");
        }
        byte[] path = value.getBytes(StandardCharsets.UTF_8);
        if (abstractName) {
            path[0] = 0;
        }
        // A path needs room for its terminating NUL; an abstract name does not have one.
        int needed = abstractName ? path.length : path.length + 1;
        if (needed > PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET=" + value + " is longer than the "
                    + PATH_MAX + " bytes a unix socket address holds");
        }
        byte[] struct = new byte[DatagramLibC.SOCKADDR_UN_SIZE];
        short family = (short) DatagramLibC.AF_UNIX;
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            struct[0] = (byte) family;
        } else {
            struct[1] = (byte) family;
        }
        System.arraycopy(path, 0, struct, FAMILY_SIZE, path.length);
        return new UnixDatagramAddress(struct, FAMILY_SIZE + needed);
    }
}
