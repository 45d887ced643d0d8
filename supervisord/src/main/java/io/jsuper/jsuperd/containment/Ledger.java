package io.jsuper.jsuperd.containment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The state file that lets the next daemon find this one's processes after a crash (kill -9, OOM):
 * one line per main process, {@code PID STARTTIME WID WATCHER}, STARTTIME being field 22 of
 * /proc/PID/stat so that a reused pid is never mistaken for ours, and {@code -PID} once it exited.
 *
 * <p>The loop only updates a map and a queue of changes; one writer thread ({@code jsuperd-ledger})
 * looks up start times and, at most once per batch interval, appends the changes to the file, so a
 * respawn among 1000 processes costs two short lines, not a rewrite of 1000 (which, with its new inode
 * and rename, cost more CPU than the rest of the respawn on the daemon's side). When the appended lines
 * outnumber the live entries the file is compacted: written anew (temp file + atomic rename). A write of
 * a line is never torn by the daemon's death (the kernel finishes a write to a regular file), and a last
 * line without its newline is ignored. There is no fsync: the file only has to survive the daemon's
 * death, not the machine's (which takes the children too).
 */
public final class Ledger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    static final String MAGIC = "jsuperd-ledger 1";
    /** Like the control socket: the daemon's user only. */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** One main process. {@code startTime} is 0 until the writer has read it. */
    public record Entry(int pid, long startTime, String watcher, int wid) {
    }

    /** What the file says: the daemon that wrote it and its processes. */
    public record Contents(long daemonPid, long daemonStartTime, List<Entry> entries) {
    }

    private final Path file;
    private final ProcTable proc;
    private final long daemonPid;
    private final long daemonStartTime;
    private final Duration batch;
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    /** Adds (an Entry) and removals (a pid) in the loop's order, for the writer to append. */
    private final Queue<Object> changes = new ConcurrentLinkedQueue<>();
    /** Writer thread only: the pids whose add is in the file, and the lines appended since it was last written whole. */
    private final Set<Integer> written = new HashSet<>();
    private int appended;
    private FileChannel journal;
    private volatile boolean dirty;
    private volatile boolean running = true;
    private final Thread writer;
    private final AtomicLong writes = new AtomicLong();

    public Ledger(Path file, ProcTable proc, long daemonPid, Duration batch) {
        this.file = file;
        this.proc = proc;
        this.daemonPid = daemonPid;
        this.daemonStartTime = proc.stat((int) daemonPid).map(ProcStat::startTime).orElse(0L);
        this.batch = batch;
        this.writer = new Thread(this::run, "jsuperd-ledger");
        writer.setDaemon(true);
        writer.start();
    }

    public Path file() {
        return file;
    }

    /** A main process was spawned. Loop thread; never blocks. */
    public void add(int pid, String watcher, int wid) {
        Entry e = new Entry(pid, 0, watcher, wid);
        entries.put(pid, e);
        changes.add(e);
        changed();
    }

    /** A main process exited (still a zombie: its pid cannot have been reused yet). */
    public void remove(int pid) {
        if (entries.remove(pid) != null) {
            changes.add(pid);
            changed();
        }
    }

    /**
     * Wakes the writer for the first change of a batch only: it waits out the batch interval anyway, and an
     * unpark per spawn of a burst cost the loop a futex call and the writer a wake-up each. Loop thread only.
     */
    private void changed() {
        if (!dirty) {
            dirty = true;
            LockSupport.unpark(writer);
        }
    }

    private void run() {
        while (running) {
            if (!dirty) {
                LockSupport.parkNanos(batch.toNanos() * 10);
                continue;
            }
            collectBurst();
            dirty = false;
            try {
                writeNow();
            } catch (IOException | RuntimeException e) {
                log.warn("cannot write the process ledger {}: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Waits out the whole batch interval. A park can end early (a spurious wake-up, or the unpark of the
     * batch's first change arriving late), and ending the batch there would let a burst of 1000 spawns cost
     * hundreds of rewrites of a growing file (and as many new inodes, which slowed every other file
     * creation: the log files of the children).
     */
    private void collectBurst() {
        long deadline = System.nanoTime() + batch.toNanos();
        for (long left = batch.toNanos(); left > 0 && running; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    Thread.State writerState() {
        return writer.getState();
    }

    /** Writes so far, appends and compactions (tests: a burst must be one write, not one per change). */
    long writes() {
        return writes.get();
    }

    /** Appends what changed, or writes the file whole the first time and when appends outgrow it. Writer thread. */
    void writeNow() throws IOException {
        if (journal == null || appended > 2 * entries.size() + 64) {
            compact();
            return;
        }
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (Object change; (change = changes.poll()) != null; ) {
            if (change instanceof Entry e) {
                Entry resolved = written.contains(e.pid()) ? null : resolve(e);
                if (resolved != null) {
                    line(lines, resolved);
                    written.add(e.pid());
                    n++;
                }
            } else if (written.remove((Integer) change)) {
                lines.append('-').append(change).append('\n');
                n++;
            }
        }
        if (n > 0) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    journal.write(bytes);
                }
            } catch (IOException e) {
                closeJournal(); // these changes are lost from the file: the next write makes it whole again
                throw e;
            }
            appended += n;
            writes.incrementAndGet();
        }
    }

    /** Resolves start times and replaces the file with the live entries; later changes are appended to it. */
    private void compact() throws IOException {
        changes.clear(); // the map holds all of them; a change that lands meanwhile is checked against `written`
        written.clear();
        List<Entry> known = new ArrayList<>();
        for (Entry e : entries.values()) {
            Entry resolved = e.startTime() != 0 ? e : resolve(e);
            if (resolved != null) {
                known.add(resolved);
                written.add(resolved.pid());
            }
        }
        closeJournal();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] text = format(new Contents(daemonPid, daemonStartTime, known)).getBytes(StandardCharsets.UTF_8);
        try (SeekableByteChannel out = Files.newByteChannel(tmp, Set.of(StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), PRIVATE)) {
            out.write(ByteBuffer.wrap(text)); // a file channel writes it all
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        appended = 0;
        writes.incrementAndGet();
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.debug("closing the process ledger: {}", e.getMessage());
            }
            journal = null;
        }
    }

    /**
     * Reads the start time. The pid is ours until the loop removes it from the map (which happens
     * before it is reaped), so if the entry is still there after the read, the read was of our process.
     */
    private Entry resolve(Entry e) {
        Optional<ProcStat> stat = proc.stat(e.pid());
        if (stat.isEmpty() || entries.get(e.pid()) != e) {
            return null;
        }
        Entry resolved = new Entry(e.pid(), stat.get().startTime(), e.watcher(), e.wid());
        entries.replace(e.pid(), e, resolved);
        return resolved;
    }

    /** Stops the writer and deletes the file: after a clean shutdown nothing is left to recover. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(2000);
            closeJournal();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove the process ledger {}: {}", file, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String format(Contents c) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        b.append("daemon ").append(c.daemonPid()).append(' ').append(c.daemonStartTime()).append('\n');
        for (Entry e : c.entries()) {
            line(b, e);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, Entry e) {
        b.append(e.pid()).append(' ').append(e.startTime()).append(' ').append(e.wid()).append(' ')
                .append(e.watcher()).append('\n');
    }

    /**
     * Parses a ledger: entries and removals ({@code -PID}) in order; lines that do not parse, and a last
     * line without its newline, are skipped (a torn file loses only those).
     */
    public static Optional<Contents> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].startsWith("daemon ")) {
            return Optional.empty();
        }
        String[] d = lines[1].split(" ");
        try {
            Map<Integer, Entry> live = new LinkedHashMap<>();
            for (int i = 2; i < lines.length - 1; i++) { // the last element follows the last newline
                String[] f = lines[i].split(" ", 4);
                try {
                    if (f.length == 1 && f[0].startsWith("-")) {
                        live.remove(Integer.parseInt(f[0].substring(1)));
                    } else if (f.length == 4 && !f[3].isBlank()) {
                        int pid = Integer.parseInt(f[0]);
                        live.remove(pid); // a reused pid: the newest entry, in its place in time
                        live.put(pid, new Entry(pid, Long.parseLong(f[1]), f[3], Integer.parseInt(f[2])));
                    }
                } catch (NumberFormatException e) {
                    // skip the line
                }
            }
            return Optional.of(new Contents(Long.parseLong(d[1]), Long.parseLong(d[2]), List.copyOf(live.values())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads {@code file}; empty when absent or not a ledger. */
    public static Optional<Contents> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
