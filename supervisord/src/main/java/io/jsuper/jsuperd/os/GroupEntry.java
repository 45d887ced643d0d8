package io.jsuper.jsuperd.os;

/** One group entry. */
public record GroupEntry(String name, int gid) {
}
