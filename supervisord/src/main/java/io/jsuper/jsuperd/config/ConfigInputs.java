package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a config load read (its files, the directories its includes listed, and the account files that user
 * names resolve through), as it was then: {@link #unchanged()} says whether loading again would read the same
 * thing, so that {@code restart}, which must use the file's current definition, does not parse an unchanged
 * file every time. A file touched within {@link #RACY} of the load counts as changed (its edit may have
 * landed after it was read within the same timestamp), as git does for its index.
 */
public final class ConfigInputs {
    static final Duration RACY = Duration.ofSeconds(2);
    /** User and group names in the config resolve through these. */
    static final List<Path> ACCOUNTS = List.of(Path.of("/etc/passwd"), Path.of("/etc/group"));

    private record Seen(Path path, Object key, long size, long modifiedNanos, long changedNanos) {
    }

    private final List<Seen> seen;
    private final boolean racy;

    private ConfigInputs(List<Seen> seen, boolean racy) {
        this.seen = seen;
        this.racy = racy;
    }

    /** Fingerprints {@code paths} (and the account files) now; {@code clock} tells how recent a change is. */
    public static ConfigInputs of(List<Path> paths, Clock clock) {
        List<Path> all = new ArrayList<>(paths);
        all.addAll(ACCOUNTS);
        List<Seen> seen = new ArrayList<>(all.size());
        boolean racy = paths.isEmpty(); // nothing known about the load: never trust it
        Instant recent = clock.instant().minus(RACY);
        for (Path p : all) {
            Seen s = look(p);
            seen.add(s);
            racy |= s.modifiedNanos() > 0 && Instant.EPOCH.plusNanos(s.modifiedNanos()).isAfter(recent)
                    || s.changedNanos() > 0 && Instant.EPOCH.plusNanos(s.changedNanos()).isAfter(recent);
        }
        return new ConfigInputs(List.copyOf(seen), racy);
    }

    /** True when every input is as it was (same file, size and times; still absent if it was absent). */
    public boolean unchanged() {
        if (racy) {
            return false;
        }
        for (Seen s : seen) {
            if (!s.equals(look(s.path()))) {
                return false;
            }
        }
        return true;
    }

    /** One stat per file: the unix view gives size, times, file key and ctime in one read (two reads cost twice). */
    private static final String STAT = "unix:size,lastModifiedTime,ctime,fileKey,isSymbolicLink";

    private static Seen look(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, STAT, LinkOption.NOFOLLOW_LINKS);
            long changed = a.get("ctime") instanceof FileTime t ? nanos(t) : -1;
            Object fileKey = a.get("fileKey");
            // a symlink's target can change without the link changing: follow it too
            Object key = Boolean.TRUE.equals(a.get("isSymbolicLink"))
                    ? List.of(Objects.toString(fileKey), look(p.toRealPath())) : fileKey;
            return new Seen(p, key, (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")), changed);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new Seen(p, "absent", -1, -1, -1);
        }
    }

    private static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
