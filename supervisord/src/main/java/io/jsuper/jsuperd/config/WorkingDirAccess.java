package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code jsuperd --check}: can a watcher's {@code uid} enter its {@code working_dir}? jsuper-spawn changes
 * to the directory after switching user, so a directory the user cannot search makes every spawn fail
 * ({@code chdir: Permission denied}, the process goes FATAL). Only the permission bits of each existing
 * directory from {@code /} down are read: ACLs, capabilities and security modules are not seen, so this is
 * a check run (the loader's {@link Accounts} decides), never a reason for a start or reload to refuse.
 */
final class WorkingDirAccess {
    private WorkingDirAccess() {
    }

    static void check(SectionValues v, Path workingDir, Optional<String> uid, Optional<String> gid, Accounts accounts) {
        if (uid.isEmpty()) {
            return;
        }
        Optional<Accounts.Ids> ids = accounts.idsOf(uid.get(), gid);
        if (ids.isEmpty() || ids.get().uid() == 0) {
            return; // root searches every directory
        }
        deniedAt(workingDir, ids.get()).ifPresent(why -> v.error(v.has("working_dir") ? "working_dir" : "uid",
                "user " + Converters.quote(uid.get()) + " (uid " + ids.get().uid() + ") cannot enter working_dir "
                        + workingDir + ": " + why,
                "a working_dir every directory above which the user may search (x permission for it, a group "
                        + "it is in, or others), or another uid"));
    }

    /** Why {@code ids} cannot search into {@code dir}, naming the first directory that stops it; empty if it can. */
    static Optional<String> deniedAt(Path dir, Accounts.Ids ids) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path at = absolute.getRoot();
        for (int i = 0; i <= absolute.getNameCount(); i++) {
            if (i > 0) {
                at = at.resolve(absolute.getName(i - 1));
            }
            Optional<String> denied;
            try {
                denied = denied(at, ids);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return Optional.empty(); // missing (spawn reports "No such directory") or unreadable: not ours to judge
            }
            if (denied.isPresent()) {
                return denied;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> denied(Path dir, Accounts.Ids ids) throws IOException {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        int group = (Integer) Files.getAttribute(dir, "unix:gid");
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        int bit = owner == ids.uid() ? 0100 : ids.gid() == group || ids.groups().contains(group) ? 0010 : 0001;
        if ((mode & bit) != 0) {
            return Optional.empty();
        }
        String who = bit == 0100 ? "its owner" : bit == 0010 ? "its group" : "others";
        return Optional.of(dir + " (mode " + String.format("%04o", mode & 07777) + ", owner uid " + owner + ", group gid "
                + group + ") gives " + who + " no search (x) permission");
    }
}
