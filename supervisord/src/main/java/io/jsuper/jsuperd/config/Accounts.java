package io.jsuper.jsuperd.config;

/**
 * Answers whether a user or group exists on the host jsuperd runs on, so that a {@code uid} or
 * {@code gid} naming nobody is a config error (with file and line) rather than a process that can
 * never start. The daemon passes the host's passwd/group database; {@link #UNCHECKED} skips the
 * check (tests, or a config read away from its host).
 */
public interface Accounts {

    /** Accepts every name: the check happens only at spawn time. */
    Accounts UNCHECKED = new Accounts() {
        @Override
        public boolean userExists(String nameOrUid) {
            return true;
        }

        @Override
        public boolean groupExists(String nameOrGid) {
            return true;
        }
    };

    /** True if {@code nameOrUid} has a passwd entry (a number is looked up as a uid). */
    boolean userExists(String nameOrUid);

    /** True if {@code nameOrGid} has a group entry (a number is looked up as a gid). */
    boolean groupExists(String nameOrGid);
}
