package io.jsuper.jsuperd.logs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jsuper.jsuperd.os.jna.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The renames and deletions of rotation and retention, relative to a descriptor of the log directory opened
 * without following symlinks (a directory swapped for a link cannot redirect them). A deleted backup is held
 * open by an {@code O_PATH} descriptor across its unlink or replacing rename, and the {@link LogFileWorker}
 * closes that descriptor: the output thread renames, the worker pays for freeing the file's blocks and pages.
 * Nothing is left on disk by a crash in between (the kernel closes the descriptor).
 */
final class BackupShift {

    /** The calls this needs beyond the shared LibC binding. */
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int openat(int dirfd, String path, int flags, int mode);

        int renameat(int olddirfd, String oldpath, int newdirfd, String newpath);

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

        int unlinkat(int dirfd, String path, int flags);
    }

    private static final Calls C = Calls.INSTANCE;
    private static final int ENOENT = 2;
    private static final int RENAME_NOREPLACE = 1;

    private BackupShift() {
    }

    /** The hidden name of {@code name}'s next file, created ahead of its rotation. */
    static String nextName(String name) {
        return "." + name + ".next";
    }

    /**
     * Shifts {@code name} → {@code name.1} → … → {@code name.backups} inside {@code dir}, or deletes {@code name}
     * when no backups are kept. Every retained backup has a name at every moment (the name of the one about to
     * move up is missing for the time of one rename). With {@code takeNext},
     * the prepared {@link #nextName} then becomes {@code name}; returns true if it did (else the caller creates it).
     */
    static boolean shift(Path dir, String name, int backups, boolean takeNext, LogFileWorker worker) throws IOException {
        int dirfd = SafeLogOpen.openDirectory(dir);
        try {
            if (backups == 0) {
                unlink(dirfd, name, worker);
            } else {
                shiftBackups(dirfd, name, backups, worker);
            }
            return takeNext && C.renameat2(dirfd, nextName(name), dirfd, name, RENAME_NOREPLACE) == 0;
        } finally {
            LibC.INSTANCE.close(dirfd);
        }
    }

    private static void shiftBackups(int dirfd, String name, int backups, LogFileWorker worker) throws IOException {
        // Deleted first, not replaced by the renames: ext4 starts writing back a file renamed over another
        // (auto_da_alloc), 4-5 % of the output thread's time. The oldest goes plain or gzipped: a plain
        // file.N-1 moving up must not leave a stale file.N.gz.
        unlink(dirfd, name + "." + backups, worker);
        unlink(dirfd, name + "." + backups + ".gz", worker);
        for (int i = backups - 1; i >= 1; i--) {
            rename(dirfd, name + "." + i, name + "." + (i + 1));
            rename(dirfd, name + "." + i + ".gz", name + "." + (i + 1) + ".gz");
        }
        check(C.renameat(dirfd, name, dirfd, name + ".1"), false);
    }

    /**
     * Deletes the oldest backups {@code name.N} … while the backups together exceed {@code budget} bytes
     * (retention by total size), counting from {@code name.firstCounted} (2 keeps {@code name.1}, which the
     * compressor is about to shrink and counts itself once done). Sizes come from the directory entries
     * ({@code name.N.gz} once compressed).
     */
    static void prune(Path dir, String name, int backups, long budget, int firstCounted, LogFileWorker worker)
            throws IOException {
        long total = 0;
        int keep = firstCounted - 1;
        for (int i = firstCounted; i <= backups; i++) {
            long size = backupSize(dir, name + "." + i);
            if (size < 0 || total + size > budget) {
                break; // a missing one ends the chain
            }
            total += size;
            keep = i;
        }
        if (keep == backups) {
            return;
        }
        int dirfd = SafeLogOpen.openDirectory(dir);
        try {
            for (int i = keep + 1; i <= backups; i++) {
                unlink(dirfd, name + "." + i, worker);
                unlink(dirfd, name + "." + i + ".gz", worker);
            }
        } finally {
            LibC.INSTANCE.close(dirfd);
        }
    }

    /** Deletes backup {@code name.index} (plain and gzipped) inside {@code dir}. */
    static void delete(Path dir, String name, int index, LogFileWorker worker) throws IOException {
        int dirfd = SafeLogOpen.openDirectory(dir);
        try {
            unlink(dirfd, name + "." + index, worker);
            unlink(dirfd, name + "." + index + ".gz", worker);
        } finally {
            LibC.INSTANCE.close(dirfd);
        }
    }

    /**
     * Creates {@code name}'s next file (empty, mode 0666 minus umask) under its hidden name, replacing one a crash
     * left; on the worker thread. Returns false when it could not (the rotation then creates the file itself).
     */
    static boolean prepareNext(Path dir, String name) {
        try {
            int dirfd = SafeLogOpen.openDirectory(dir);
            try {
                String next = nextName(name);
                C.unlinkat(dirfd, next, 0); // a leftover (never followed: unlink of a link removes the link)
                int fd = C.openat(dirfd, next, SafeLogOpen.CREATE_FLAGS, 0666);
                return fd >= 0 && LibC.INSTANCE.close(fd) == 0;
            } finally {
                LibC.INSTANCE.close(dirfd);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes {@code name}'s prepared next file, if any (the stream is closed). */
    static void discardNext(Path dir, String name) {
        try {
            int dirfd = SafeLogOpen.openDirectory(dir);
            try {
                C.unlinkat(dirfd, nextName(name), 0);
            } finally {
                LibC.INSTANCE.close(dirfd);
            }
        } catch (IOException e) {
            // the directory is gone: so is the file
        }
    }

    /** An O_PATH descriptor keeping {@code name}'s inode alive after its name goes, or -1 if it does not exist. */
    private static int hold(int dirfd, String name) {
        return C.openat(dirfd, name, SafeLogOpen.HOLD_FLAGS, 0);
    }

    private static void unlink(int dirfd, String name, LogFileWorker worker) throws IOException {
        int held = hold(dirfd, name);
        try {
            check(C.unlinkat(dirfd, name, 0), true);
        } finally {
            worker.release(held);
        }
    }

    /** True if renamed, false if {@code from} does not exist. */
    private static boolean rename(int dirfd, String from, String to) throws IOException {
        return check(C.renameat(dirfd, from, dirfd, to), true);
    }

    /** Size of backup {@code base} as it is kept: {@code base.gz} once compressed, else {@code base}; -1 if neither. */
    private static long backupSize(Path dir, String base) throws IOException {
        for (String name : new String[] {base + ".gz", base}) {
            try {
                return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
            } catch (NoSuchFileException e) {
                // try the other form
            }
        }
        return -1;
    }

    /** True on success, false for a missing file when that is fine; else throws. */
    private static boolean check(int result, boolean missingIsFine) throws IOException {
        if (result == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (missingIsFine && errno == ENOENT) {
            return false;
        }
        throw new IOException(LibC.describe(errno));
    }
}
