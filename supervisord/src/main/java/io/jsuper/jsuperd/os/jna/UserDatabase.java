package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.UserEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** passwd and group lookups through the reentrant glibc calls (so NSS modules such as LDAP work too). */
public final class UserDatabase {

    private static final LibC C = LibC.INSTANCE;
    private static final long MAX_BUFFER = 1 << 20;

    /** A reentrant lookup: fills {@code entry} using {@code buf}; returns 0 or an errno. */
    private interface Lookup {
        int call(Pointer entry, Pointer buf, long len, PointerByReference result);
    }

    public Optional<UserEntry> user(String nameOrUid) {
        Optional<Integer> id = numeric(nameOrUid);
        Lookup lookup = id.isPresent()
                ? (e, b, n, r) -> C.getpwuid_r(id.get(), e, b, n, r)
                : (e, b, n, r) -> C.getpwnam_r(nameOrUid, e, b, n, r);
        return lookup(LibC.PASSWD_SIZE, lookup, "user " + nameOrUid, pw -> new UserEntry(
                pw.getPointer(LibC.PW_NAME).getString(0, "UTF-8"),
                pw.getInt(LibC.PW_UID),
                pw.getInt(LibC.PW_GID),
                string(pw.getPointer(LibC.PW_DIR)),
                string(pw.getPointer(LibC.PW_SHELL))));
    }

    public Optional<GroupEntry> group(String nameOrGid) {
        Optional<Integer> id = numeric(nameOrGid);
        Lookup lookup = id.isPresent()
                ? (e, b, n, r) -> C.getgrgid_r(id.get(), e, b, n, r)
                : (e, b, n, r) -> C.getgrnam_r(nameOrGid, e, b, n, r);
        return lookup(LibC.GROUP_SIZE, lookup, "group " + nameOrGid, gr -> new GroupEntry(
                gr.getPointer(LibC.GR_NAME).getString(0, "UTF-8"),
                gr.getInt(LibC.GR_GID)));
    }

    /** Every group {@code userName} is in, {@code gid} first (getgrouplist). */
    public List<Integer> groupsOf(String userName, int gid) {
        int capacity = 64;
        for (int attempt = 0; attempt < 8; attempt++) {
            int[] groups = new int[capacity];
            IntByReference n = new IntByReference(capacity);
            if (C.getgrouplist(userName, gid, groups, n) >= 0) {
                List<Integer> result = new ArrayList<>(n.getValue());
                for (int i = 0; i < n.getValue(); i++) {
                    result.add(groups[i]);
                }
                return result;
            }
            capacity = Math.max(capacity * 2, n.getValue());
        }
        return List.of(gid);
    }

    private static <T> Optional<T> lookup(int entrySize, Lookup lookup, String what,
                                          java.util.function.Function<Pointer, T> read) {
        for (long len = 16 * 1024; len <= MAX_BUFFER; len *= 2) {
            try (Memory entry = new Memory(entrySize); Memory buf = new Memory(len)) {
                PointerByReference result = new PointerByReference();
                int rc = lookup.call(entry, buf, len, result);
                if (rc == LibC.ERANGE) {
                    continue;
                }
                if (rc == 1 || rc == 2 || rc == 3 || rc == 9) { // EPERM, ENOENT, ESRCH, EBADF: "not found"
                    return Optional.empty();
                }
                if (rc != 0) {
                    throw new IllegalStateException("cannot look up " + what + ": " + LibC.describe(rc));
                }
                return result.getValue() == null ? Optional.empty() : Optional.of(read.apply(entry));
            }
        }
        throw new IllegalStateException("cannot look up " + what + ": entry larger than " + MAX_BUFFER + " bytes");
    }

    private static Optional<Integer> numeric(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 10) {
            return Optional.empty();
        }
        long v = Long.parseLong(text);
        return v > 0xFFFFFFFEL ? Optional.empty() : Optional.of((int) v);
    }

    private static String string(Pointer p) {
        return p == null ? "" : p.getString(0, "UTF-8");
    }
}
