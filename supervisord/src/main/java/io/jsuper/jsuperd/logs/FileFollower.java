package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Follows one log stream like {@code tail -F}, polled from a reader thread (never the output thread, so the
 * child's capture speed does not depend on any follower), and never skips what is still on disk: it holds
 * the descriptor of the file it reads (which stays readable after rotation renames or deletes it), keeps the
 * chain of files the stream rotated through (by inode: the current file, then {@code NAME.1}, {@code NAME.2}
 * … as they are renamed), and after finishing one file goes on with the next in that chain, wherever
 * rotation has moved it. Only a file that is gone from disk before the follower reached it is skipped, and
 * its size is reported. A truncation ({@code copytruncate}, {@code jsuperctl clear}) starts over at the
 * beginning. Hands out whole lines only, except a line longer than one chunk (or a rotated file's unended
 * last line). Memory: one chunk per poll and one small entry per file in the chain.
 */
public final class FileFollower implements AutoCloseable {
    /** Files known to come after the one being read, at most (far more than any backup_count keeps). */
    static final int MAX_CHAIN = LogFileSet.MAX_BACKUPS + 1;

    /**
     * What one poll produced: bytes (whole lines), and notes for the reader: {@code skipped} bytes of rotated
     * files deleted before they were read, {@code truncated} when the file was cut, {@code lostUnknown} when
     * rotations outran the follower so fast that it cannot tell how much was deleted.
     */
    public record Chunk(byte[] bytes, long skipped, boolean truncated, boolean lostUnknown) {
        static final Chunk NONE = new Chunk(new byte[0], 0, false, false);

        public boolean isEmpty() {
            return bytes.length == 0 && skipped == 0 && !truncated && !lostUnknown;
        }
    }

    /** A file the stream rotated to, by inode, with its size when last seen (what is lost if it goes). */
    private record Known(Object key, long size) {
    }

    private final LogFileSet files;
    private final Path path;
    private final ArrayDeque<Known> chain = new ArrayDeque<>();
    private FileChannel channel;
    private Object inode;
    private long position;
    private long currentSize; // of the file the path names, at the last poll
    private boolean lostUnknown;
    private final java.util.Set<Object> alreadyRead = new java.util.HashSet<>(); // inodes not to start over with

    public FileFollower(LogFileSet files) {
        this.files = files;
        this.path = files.current();
    }

    /**
     * Opens the file now and starts at its current end; returns that offset (0 when it does not exist yet:
     * then the follower starts with the first file the stream writes, even if it has rotated by the next poll).
     */
    public long startAtEnd() throws IOException {
        if (open()) {
            position = channel.size();
        } else {
            for (Path p : files.plainOldestFirst()) { // backups of an earlier run: not what is followed
                BasicFileAttributes a = attributes(p);
                if (a != null) {
                    alreadyRead.add(a.fileKey());
                }
            }
        }
        return position;
    }

    /** True when there is more to read right away (unread bytes in the held file, or files after it). */
    public boolean behind() throws IOException {
        return channel != null && (channel.size() > position || !chain.isEmpty());
    }

    /** Notes rotations without reading (while the connection cannot take more), so the chain stays complete. */
    public void track() throws IOException {
        if (channel != null) {
            discover();
        }
    }

    /** Up to {@code max} new bytes, ending at a newline when there is one. */
    public Chunk poll(int max) throws IOException {
        if (channel == null && !openFirstUnread()) {
            return Chunk.NONE;
        }
        discover();
        long skipped = 0;
        boolean truncated = false;
        for (int hops = 0; hops <= MAX_CHAIN; hops++) {
            long size = channel.size();
            if (size < position) {
                position = 0;
                truncated = true;
            }
            boolean finished = finished();
            byte[] data = size > position ? read(size, max, finished) : null;
            if (data != null || !finished) {
                boolean lost = lostUnknown;
                lostUnknown = false;
                return new Chunk(data == null ? new byte[0] : data, skipped, truncated, lost);
            }
            skipped += moveToNext();
            if (channel == null) {
                break;
            }
        }
        boolean lost = lostUnknown;
        lostUnknown = false;
        return skipped > 0 || truncated || lost ? new Chunk(new byte[0], skipped, truncated, lost) : Chunk.NONE;
    }

    /**
     * Reads from the held file: whole lines, or a full chunk of one long line, or (once the file is finished)
     * its unended last line with a newline added. Null when only half a line is there yet.
     */
    private byte[] read(long size, int max, boolean finished) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, size - position));
        while (buf.hasRemaining() && channel.read(buf, position + buf.position()) > 0) {
            // fill the chunk
        }
        int end = lastNewline(buf.array(), buf.position());
        if (end < 0 && buf.position() < max) {
            if (!finished || buf.position() == 0) {
                return null;
            }
            position += buf.position();
            byte[] rest = Arrays.copyOf(buf.array(), buf.position() + 1);
            rest[rest.length - 1] = '\n';
            return rest;
        }
        int length = end < 0 ? buf.position() : end + 1;
        position += length;
        return Arrays.copyOf(buf.array(), length);
    }

    private static int lastNewline(byte[] data, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The held file is done when the stream has moved on: a later file is known and either holds data or is
     * not the last one (an external {@code create} rotation renames first and the writer reopens later,
     * so an empty new file alone does not end the old one).
     */
    private boolean finished() {
        return chain.size() > 1 || (chain.size() == 1 && currentSize > 0);
    }

    /**
     * Looks at what the path names now; when it is a file not yet in the chain, lists the plain backups to
     * add, in order, every file between the newest known one and it (rotations faster than the polls).
     */
    private void discover() throws IOException {
        BasicFileAttributes now = attributes(path);
        currentSize = now == null ? 0 : now.size();
        Object newest = chain.isEmpty() ? inode : chain.peekLast().key();
        if (now == null || Objects.equals(now.fileKey(), newest)) {
            return;
        }
        List<BasicFileAttributes> attrs = plainByAge();
        int at = -1;
        for (int i = 0; i < attrs.size(); i++) {
            if (Objects.equals(attrs.get(i).fileKey(), newest)) {
                at = i;
            }
        }
        if (at < 0) {
            lostUnknown = true; // the newest known file is already gone: what came between is unknown
        }
        for (int i = at + 1; i < attrs.size(); i++) {
            if (!known(attrs.get(i).fileKey())) {
                append(new Known(attrs.get(i).fileKey(), attrs.get(i).size()));
            }
        }
        if (!known(now.fileKey())) {
            append(new Known(now.fileKey(), now.size()));
        }
    }

    /**
     * The current file and its plain backups, oldest first, each once. Looked at newest first: a rotation during
     * the look moves every file one place further along the way the look goes, so a file may be seen twice (kept
     * once, where it was first seen) but never jumped over. Looked at oldest first, a rotation between two
     * {@code stat}s skipped a whole file (LogFollowE2ETest lost 4 MB of a burst).
     */
    private List<BasicFileAttributes> plainByAge() throws IOException {
        List<Path> plain = files.plainOldestFirst();
        java.util.LinkedHashMap<Object, BasicFileAttributes> newestFirst = new java.util.LinkedHashMap<>();
        for (int i = plain.size() - 1; i >= 0; i--) {
            BasicFileAttributes a = attributes(plain.get(i));
            if (a != null) {
                newestFirst.putIfAbsent(a.fileKey(), a);
            }
        }
        List<BasicFileAttributes> out = new java.util.ArrayList<>(newestFirst.values());
        java.util.Collections.reverse(out);
        return out;
    }

    private boolean known(Object key) {
        return Objects.equals(key, inode) || chain.stream().anyMatch(k -> k.key().equals(key));
    }

    private void append(Known k) {
        if (chain.size() >= MAX_CHAIN) {
            chain.pollFirst();
            lostUnknown = true;
        }
        chain.addLast(k);
    }

    /** Opens the next file of the chain wherever it is now; returns the bytes of those already deleted. */
    private long moveToNext() throws IOException {
        long lost = 0;
        while (!chain.isEmpty()) {
            Known next = chain.pollFirst();
            SafeLogOpen.Reading opened = openByKey(next.key(), 3);
            if (opened != null) {
                close();
                channel = opened.channel();
                inode = opened.fileKey();
                position = 0;
                return lost;
            }
            lost += next.size();
        }
        alreadyRead.clear();
        alreadyRead.add(inode);
        close(); // everything after the held file is gone: go on with the oldest file there is
        position = 0;
        return lost;
    }

    /**
     * Without a file held (none existed at the start, or all after the held one were deleted): the oldest
     * plain file not read before, the rest after it in the chain, so rotations since then lose nothing.
     */
    private boolean openFirstUnread() throws IOException {
        List<Path> plain = files.plainOldestFirst();
        for (Path p : plain) {
            BasicFileAttributes a = attributes(p);
            if (a == null || alreadyRead.contains(a.fileKey()) || known(a.fileKey())) {
                continue;
            }
            SafeLogOpen.Reading opened = channel == null ? openByKey(a.fileKey(), 3) : null;
            if (opened != null) {
                channel = opened.channel();
                inode = opened.fileKey();
                position = 0;
            } else if (channel != null) {
                append(new Known(a.fileKey(), a.size()));
            }
        }
        return channel != null;
    }

    /** The file with inode {@code key} among the current file and its plain backups (renames may race: retried). */
    private SafeLogOpen.Reading openByKey(Object key, int attempts) throws IOException {
        List<Path> candidates = files.plainOldestFirst();
        for (int i = candidates.size() - 1; i >= 0; i--) { // newest first: the next file is usually the current one
            BasicFileAttributes a = attributes(candidates.get(i));
            if (a != null && key.equals(a.fileKey())) {
                SafeLogOpen.Reading r = SafeLogOpen.openForReadingWithKey(candidates.get(i));
                if (r != null && key.equals(r.fileKey())) {
                    return r;
                }
                if (r != null) {
                    r.channel().close();
                }
                return attempts > 1 ? openByKey(key, attempts - 1) : null; // renamed between the look and the open
            }
        }
        return null;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private boolean open() throws IOException {
        SafeLogOpen.Reading opened = SafeLogOpen.openForReadingWithKey(path);
        if (opened == null) {
            return false;
        }
        channel = opened.channel();
        inode = opened.fileKey(); // of the inode held, not of whatever the path names later
        position = 0;
        return true;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do for a read-only file
            }
            channel = null;
        }
    }
}
