package io.jsuper.jsuperd.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Gzips rotated log files ({@code compress = true}, in {@link GzipBackup}'s format) on one low-priority worker
 * thread, never on the output thread. A backup {@code file.N} is compressed to a hidden temp file, which is flushed to disk, given the
 * backup's mtime, then renamed to {@code file.N.gz}; only then is {@code file.N} deleted, so a crash at any
 * point leaves the plain file (compressed again on the next start). Rotation may renumber the backups while
 * a file is compressed: the finishing rename and delete run under the set's lock (the one the sink holds
 * while it shifts backups) and find the backup again by inode and size.
 *
 * <p>Bounded: at most {@link #MAX_PENDING} file sets wait (one entry per set however often it rotates; each
 * job compresses every plain backup of the set, so a dropped job is caught up by the next one).
 */
public final class BackupCompressor {

    private static final Logger LOG = LoggerFactory.getLogger(BackupCompressor.class);
    static final int MAX_PENDING = 4096;

    /** One stream's backups: {@code dir/name.1 … name.backups}; {@code lock} guards their renumbering. */
    record Job(Path dir, String name, int backups, Object lock, long budget, RetentionGroup group) {
        /** Without retention by total size. */
        Job(Path dir, String name, int backups, Object lock) {
            this(dir, name, backups, lock, -1, null);
        }

        Path plain(int i) {
            return dir.resolve(name + "." + i);
        }

        Path temp() {
            return dir.resolve("." + name + ".gz-tmp");
        }
    }

    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Set<Path> queued = new HashSet<>();
    private Thread worker; // started with the first job
    private boolean running; // a job taken off the queue is being worked on
    private boolean warnedFull;
    private long compressedFiles; // for tests and metrics

    /** Queues the compression of every plain backup of {@code job}'s set; never blocks. */
    synchronized void submit(Job job) {
        Path key = job.dir().resolve(job.name());
        if (queued.contains(key)) {
            return;
        }
        if (queued.size() >= MAX_PENDING) {
            if (!warnedFull) {
                LOG.warn("{} log sets wait for compression; {} is left plain until its next rotation", MAX_PENDING, key);
                warnedFull = true;
            }
            return;
        }
        queued.add(key);
        queue.add(job);
        if (worker == null) {
            worker = new Thread(this::run, "jsuperd-log-compress");
            worker.setDaemon(true); // a file half compressed at exit is only a temp file: the plain one stays
            worker.setPriority(Thread.MIN_PRIORITY);
            worker.start();
        }
        notifyAll();
    }

    /** Backups gzipped so far. */
    public synchronized long compressedFiles() {
        return compressedFiles;
    }

    /** True when no job waits or runs (for tests). */
    public synchronized boolean idle() {
        return queued.isEmpty() && !running;
    }

    private void run() {
        while (true) {
            Job job;
            synchronized (this) {
                while (queue.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // Off the queue before the work starts: a rotation meanwhile queues the set again.
                job = queue.poll();
                queued.remove(job.dir().resolve(job.name()));
                running = true;
                warnedFull = false;
            }
            try {
                compressAll(job);
                prune(job);
            } catch (RuntimeException e) {
                LOG.error("compressing backups of {}", job.dir().resolve(job.name()), e);
            } finally {
                synchronized (this) {
                    running = false;
                }
            }
        }
    }

    private void compressAll(Job job) {
        for (int i = 1; i <= job.backups(); i++) {
            Path plain = job.plain(i);
            if (!Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                if (compressOne(job, plain)) {
                    synchronized (this) {
                        compressedFiles++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot gzip {}: {}; it stays uncompressed", plain, e.toString());
            } finally {
                deleteQuietly(job.temp());
            }
        }
    }

    /** max_total_bytes counted again now that the newest backup has its gzipped size. */
    private static void prune(Job job) {
        if (job.group() != null) {
            job.group().prune(false);
            return;
        }
        if (job.budget() < 0) {
            return;
        }
        synchronized (job.lock()) {
            try {
                BackupShift.prune(job.dir(), job.name(), job.backups(), job.budget(), 1, LogFileWorker.SHARED);
            } catch (IOException e) {
                LOG.warn("cannot delete old backups of {} (max_total_bytes): {}", job.dir().resolve(job.name()), e.toString());
            }
        }
    }

    /** Gzips {@code plain} to the temp file, then swaps it in under the set's lock; false if the backup went away. */
    boolean compressOne(Job job, Path plain) throws IOException {
        SafeLogOpen.Reading source = SafeLogOpen.openForReadingWithKey(plain);
        if (source == null) {
            return false;
        }
        // Open until after the swap: the delete under the lock then only drops a name, and freeing the plain file's
        // blocks happens at this close, outside the lock that the output thread's rotation waits for.
        try (FileChannel in = source.channel()) {
            return compressAndSwap(job, plain, source, in);
        }
    }

    private boolean compressAndSwap(Job job, Path plain, SafeLogOpen.Reading source, FileChannel in) throws IOException {
        long copied;
        BasicFileAttributes before;
        Path temp = job.temp();
        Files.deleteIfExists(temp); // left by a crash; never followed (unlink of a link removes the link)
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            before = Files.readAttributes(plain, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long size = in.size();
            // The header names the plain file, so that a follower that knew it by inode reads on in the .gz.
            copied = GzipBackup.write(Channels.newInputStream(in), out, new GzipBackup.Origin(source.fileKey(), size));
            if (copied != size) {
                return false; // changed while compressed (not a finished backup): the header would lie; stays plain
            }
            out.force(true); // the .gz is on disk before the only other copy is deleted
        }
        // grep's since= filters by mtime: the .gz keeps the backup's
        Files.setLastModifiedTime(temp, before.lastModifiedTime());
        synchronized (job.lock()) {
            for (int i = 1; i <= job.backups(); i++) {
                Path candidate = job.plain(i);
                FileStat.Stat now = FileStat.of(candidate);
                if (now != null && source.fileKey().equals(now.id()) && now.size() == copied) {
                    Files.move(temp, job.dir().resolve(job.name() + "." + i + ".gz"), StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(candidate);
                    return true;
                }
            }
        }
        return false; // pruned meanwhile, or changed: nothing replaced, the temp file goes
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.toString());
        }
    }
}
