package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code max_total_bytes} of one stream (stdout or stderr) across every process of a watcher: the current
 * files and backups of all of them stay under it. After any member rotates (or the compressor shrinks a
 * backup), the oldest backups of any member are deleted first, always the highest-numbered of a chain, so
 * no process's numbering gets a gap. The backups' budget is the total minus {@code max_bytes} per member
 * (room for each current file). Its lock is every member's backup lock, so renumbering, compression and
 * pruning of the whole group never interleave.
 */
final class RetentionGroup {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionGroup.class);

    private final long maxTotalBytes;
    private final long maxBytes;
    private final int backupCount;
    private final Set<Path> members = ConcurrentHashMap.newKeySet(); // pinned current files
    private final Object lock = new Object();

    RetentionGroup(long maxTotalBytes, long maxBytes, int backupCount) {
        this.maxTotalBytes = maxTotalBytes;
        this.maxBytes = maxBytes;
        this.backupCount = backupCount;
    }

    /** True if this group enforces the same settings (a reload that changed them starts a new group). */
    boolean sameSettings(long total, long bytes, int backups) {
        return total == maxTotalBytes && bytes == maxBytes && backups == backupCount;
    }

    Object lock() {
        return lock;
    }

    void join(Path currentFile) {
        members.add(currentFile);
    }

    void leave(Path currentFile) {
        members.remove(currentFile);
    }

    /** Bytes the backups of all members may use together. */
    long backupBudget() {
        return Math.max(0, maxTotalBytes - (long) members.size() * maxBytes);
    }

    /**
     * Deletes the oldest backups (by mtime) of any member until the backups fit the budget. With
     * {@code skipNewest} each member's {@code .1} is not counted (the compressor is about to shrink it and
     * prunes again when done).
     */
    void prune(boolean skipNewest) {
        synchronized (lock) {
            List<List<Backup>> chains = new ArrayList<>();
            long total = 0;
            for (Path member : members) {
                List<Backup> chain = chain(member, skipNewest ? 2 : 1);
                for (Backup b : chain) {
                    total += b.size();
                }
                chains.add(chain);
            }
            long budget = backupBudget();
            while (total > budget) {
                List<Backup> from = oldestLast(chains);
                if (from == null) {
                    return;
                }
                Backup gone = from.remove(from.size() - 1);
                try {
                    BackupShift.delete(gone.current().getParent(), gone.current().getFileName().toString(), gone.index(),
                            LogFileWorker.SHARED);
                } catch (IOException e) {
                    LOG.warn("cannot delete {} (max_total_bytes of the watcher): {}", gone.current() + "." + gone.index(), e.toString());
                    return;
                }
                total -= gone.size();
            }
        }
    }

    /** The chain whose last (highest-numbered, oldest) backup is the oldest of all, or null when all are empty. */
    private static List<Backup> oldestLast(List<List<Backup>> chains) {
        List<Backup> best = null;
        for (List<Backup> chain : chains) {
            if (!chain.isEmpty() && (best == null
                    || chain.get(chain.size() - 1).modified() < best.get(best.size() - 1).modified())) {
                best = chain;
            }
        }
        return best;
    }

    private record Backup(Path current, int index, long size, long modified) {
    }

    /** Backups {@code first..} of one member, in order, up to the first missing one. */
    private List<Backup> chain(Path current, int first) {
        List<Backup> chain = new ArrayList<>();
        for (int i = first; i <= backupCount; i++) {
            Backup b = backup(current, i);
            if (b == null) {
                break;
            }
            chain.add(b);
        }
        return chain;
    }

    private static Backup backup(Path current, int index) {
        String base = current.getFileName() + "." + index;
        for (String name : new String[] {base + ".gz", base}) {
            try {
                BasicFileAttributes a = Files.readAttributes(current.resolveSibling(name), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return new Backup(current, index, a.size(), a.lastModifiedTime().toMillis());
            } catch (NoSuchFileException e) {
                // try the other form
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
