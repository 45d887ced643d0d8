package io.jsuper.jsuperd.api;

/** Which listener a connection came in on; decides the authentication rules. */
public enum Transport {
    /** Unix domain socket: trusted, guarded by the socket file's mode and group. */
    UNIX,
    /** TCP: bearer token, or read-only when no token is configured. */
    TCP
}
