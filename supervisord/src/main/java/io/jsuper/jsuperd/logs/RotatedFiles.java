package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one stream in the order their lines were written (oldest backup first, the current file last),
 * each named by the file its lines were written to: a plain file by its own inode, a backup the compressor
 * gzipped by the inode its header records ({@link GzipBackup}). What a {@link FileFollower} walks through: a file it
 * knew by inode is found again after rotation renamed it and after compression replaced it. A {@code .gz} without
 * that header (logrotate's) is not part of it. On the follow thread only.
 */
final class RotatedFiles {
    /** One file: whose lines ({@code id}), how many bytes of them, where it is, and the file on disk itself. */
    record Entry(FileId id, long size, Path path, FileId onDisk, boolean gzipped) {
    }

    /** What a look at a .gz found, by the .gz's own inode, size and mtime (a reused inode is not mistaken). */
    private record GzKey(FileId onDisk, long size, long mtime) {
    }

    /** Numbers beyond where a file was seen that {@link #followForward} tries. */
    private static final int FORWARD = 4;

    private static final GzipBackup.Origin NOT_OURS = new GzipBackup.Origin(new FileId(-1, -1, -1), -1);

    private final LogFileSet files;
    private Map<GzKey, GzipBackup.Origin> origins = new HashMap<>(); // of the last look only: bounded by the set

    RotatedFiles(LogFileSet files) {
        this.files = files;
        FileStat.ready();
    }

    /** The current file as a plain entry, or null when it does not exist (or is not a regular file). */
    Entry currentFile() throws IOException {
        return plain(files.current());
    }

    /**
     * Every file of the stream, oldest first, each once. Looked at newest first: a rotation during the look moves
     * every file one place further along the way the look goes, so a file may be seen twice (kept once) but never
     * jumped over (looked at oldest first, a rotation between two {@code stat}s skipped a whole file). A backup
     * compressed between the listing and its look is found as its {@code .gz}.
     */
    List<Entry> oldestFirst() throws IOException {
        List<Path> listed = files.newestFirst();
        Map<GzKey, GzipBackup.Origin> seen = new HashMap<>();
        LinkedHashMap<FileId, Entry> newestFirst = new LinkedHashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            Path p = listed.get(i);
            Entry e = look(p, seen);
            if (e == null && i > 0 && !LogFileSet.gzipped(p)) {
                e = look(p.resolveSibling(p.getFileName() + ".gz"), seen);
            }
            if (e != null) {
                newestFirst.putIfAbsent(e.id(), e);
            }
        }
        origins = seen;
        List<Entry> out = new ArrayList<>(newestFirst.values());
        Collections.reverse(out);
        return out;
    }

    /** Opens the file holding the lines of {@code id}, wherever it is now (renames may race: retried); null if gone. */
    FollowedFile open(FileId id) throws IOException {
        for (int attempt = 0; attempt < FileFollower.LOOKS; attempt++) {
            Entry e = null;
            for (Entry candidate : oldestFirst()) {
                if (candidate.id().equals(id)) {
                    e = candidate;
                }
            }
            if (e == null) {
                return null;
            }
            FollowedFile opened = open(e);
            if (opened == null) {
                opened = followForward(e);
            }
            if (opened != null) {
                return opened;
            }
        }
        return null;
    }

    /**
     * {@code e} was renamed between the look and the open: rotations move a file one number up each, so it is at
     * one of the next few numbers (plain or gzipped meanwhile); cheaper than another look under a burst.
     */
    private FollowedFile followForward(Entry e) throws IOException {
        String base = files.current().getFileName().toString();
        String name = e.path().getFileName().toString();
        int n = 0;
        if (!name.equals(base)) {
            String number = name.substring(base.length() + 1);
            n = Integer.parseInt(number.endsWith(".gz") ? number.substring(0, number.length() - 3) : number);
        }
        Map<GzKey, GzipBackup.Origin> scratch = new HashMap<>(origins);
        for (int k = n + 1; k <= n + FORWARD; k++) {
            for (String suffix : new String[] {"", ".gz"}) {
                Entry moved = look(e.path().resolveSibling(base + "." + k + suffix), scratch);
                FollowedFile opened = moved != null && moved.id().equals(e.id()) ? open(moved) : null;
                if (opened != null) {
                    return opened;
                }
            }
        }
        return null;
    }

    /** Opens {@code e} when the file at its path is still the one looked at; else null. */
    private static FollowedFile open(Entry e) throws IOException {
        SafeLogOpen.Reading r = SafeLogOpen.openForReadingWithKey(e.path());
        if (r == null) {
            return null;
        }
        if (!r.fileKey().equals(e.onDisk())) {
            r.channel().close(); // renamed between the look and the open
            return null;
        }
        if (!e.gzipped()) {
            return FollowedFile.plain(r.channel());
        }
        GzipBackup.Origin origin = GzipBackup.origin(r.channel());
        if (origin == null || !origin.id().equals(e.id())) {
            r.channel().close();
            return null;
        }
        return GzipBackup.reader(r.channel(), origin, e.path());
    }

    private Entry look(Path p, Map<GzKey, GzipBackup.Origin> seen) throws IOException {
        if (!LogFileSet.gzipped(p)) {
            return plain(p);
        }
        FileStat.Stat a = FileStat.of(p);
        if (a == null || !a.regular()) {
            return null;
        }
        GzKey key = new GzKey(a.id(), a.size(), a.mtimeMillis());
        GzipBackup.Origin origin = origins.get(key);
        if (origin == null) {
            origin = readOrigin(p, a.id());
            if (origin == null) {
                return null; // replaced between the stat and the open: seen at the next look
            }
        }
        seen.put(key, origin);
        return origin == NOT_OURS ? null : new Entry(origin.id(), origin.size(), p, a.id(), true);
    }

    /** The origin in {@code gz}'s header; {@link #NOT_OURS} without one; null when the file changed since the stat. */
    private static GzipBackup.Origin readOrigin(Path gz, FileId onDisk) throws IOException {
        SafeLogOpen.Reading r;
        try {
            r = SafeLogOpen.openForReadingWithKey(gz);
        } catch (SafeLogOpen.RefusedFile e) {
            return NOT_OURS; // a link or other odd file at a backup name: not read, as elsewhere
        }
        if (r == null) {
            return null;
        }
        try {
            if (!r.fileKey().equals(onDisk)) {
                return null;
            }
            GzipBackup.Origin o = GzipBackup.origin(r.channel());
            return o == null ? NOT_OURS : o;
        } finally {
            r.channel().close();
        }
    }

    private static Entry plain(Path p) throws IOException {
        FileStat.Stat a = FileStat.of(p);
        return a == null || !a.regular() ? null : new Entry(a.id(), a.size(), p, a.id(), false);
    }
}
