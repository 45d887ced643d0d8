package io.jsuper.jsuperd.config;

import java.util.List;
import java.util.Optional;

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

    /**
     * The ids a watcher with {@code uid = user} (and {@code gid = group}, if set) would run with, for checks
     * that need them ({@code jsuperd --check}: can it enter its working_dir?); empty when such checks are
     * off, which is the default and what a start or reload uses.
     */
    default Optional<Ids> idsOf(String user, Optional<String> group) {
        return Optional.empty();
    }

    /** A user's uid, its primary (or configured) gid and every group it is in. */
    record Ids(int uid, int gid, List<Integer> groups) {
        public Ids {
            groups = List.copyOf(groups);
        }
    }
}
