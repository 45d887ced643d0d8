package io.jsuper.jsuperd.os;

/** One passwd entry. */
public record UserEntry(String name, int uid, int gid, String home, String shell) {
}
