package io.jsuper.jsuperd.logs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * Follows one log stream like {@code tail -F}, polled from a reader thread (never the output thread, so the
 * child's capture speed does not depend on any follower), and never skips what is still on disk: it holds
 * the descriptor of the file it reads (which stays readable after rotation renames or deletes it), keeps the
 * chain of files the stream rotated through (by inode: the current file, then {@code NAME.1}, {@code NAME.2}
 * … as they are renamed), and after finishing one file goes on with the next in that chain, wherever
 * rotation has moved it, plain or gzipped by {@code compress = true} ({@link RotatedFiles}). Only a file that is
 * gone from disk before the follower reached it is skipped, and its size is reported. A truncation
 * ({@code copytruncate}, {@code jsuperctl clear}) starts over at the beginning. Hands out whole lines only,
 * except a line longer than one chunk (or a rotated file's unended last line). Memory: one chunk per poll, one
 * inflater while it reads a gzipped backup, and one small entry per file in the chain.
 */
public final class FileFollower implements AutoCloseable {
    /** Files known to come after the one being read, at most (far more than any backup_count keeps). */
    static final int MAX_CHAIN = LogFileSet.MAX_BACKUPS + 1;
    /** Looks at the directory before a file known to exist is taken for deleted (rotation may race each look). */
    static final int LOOKS = 5;

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
    private record Known(FileId key, long size) {
    }

    private final RotatedFiles files;
    private final Path path;
    private final ArrayDeque<Known> chain = new ArrayDeque<>();
    private FollowedFile source;
    private FileId inode; // whose lines source holds
    private long position;
    private long currentSize; // of the file the path names, at the last poll
    private boolean lostUnknown;
    private long unreadable; // bytes of a damaged .gz not handed out, told as skipped
    private final Set<FileId> alreadyRead = new HashSet<>(); // inodes not to start over with

    public FileFollower(LogFileSet files) {
        this.files = new RotatedFiles(files);
        this.path = files.current();
    }

    /**
     * Opens the file now and starts at its current end; returns that offset (0 when it does not exist yet:
     * then the follower starts with the first file the stream writes, even if it has rotated by the next poll).
     */
    public long startAtEnd() throws IOException {
        // Listed before the open: a file the stream creates between the two must not count as an earlier run's.
        List<RotatedFiles.Entry> earlier = files.oldestFirst();
        if (openCurrent()) {
            position = source.size();
        } else {
            for (RotatedFiles.Entry e : earlier) { // backups of an earlier run: not what is followed
                if (!e.path().equals(path)) {
                    alreadyRead.add(e.id());
                }
            }
        }
        return position;
    }

    /** True when there is more to read right away (unread bytes in the held file, or files after it). */
    public boolean behind() throws IOException {
        return source != null && (source.size() > position || !chain.isEmpty());
    }

    /** Notes rotations without reading (while the connection cannot take more), so the chain stays complete. */
    public void track() throws IOException {
        if (source != null) {
            discover();
        }
    }

    /** Up to {@code max} new bytes, ending at a newline when there is one. */
    public Chunk poll(int max) throws IOException {
        if (source == null && !openFirstUnread()) {
            return Chunk.NONE;
        }
        discover();
        long skipped = 0;
        boolean truncated = false;
        for (int hops = 0; hops <= MAX_CHAIN; hops++) {
            long size = source.size();
            if (size < position) {
                position = 0;
                truncated = true;
            }
            boolean finished = finished();
            byte[] data = size > position ? read(size, max, finished || source.complete()) : null;
            skipped += unreadable;
            unreadable = 0;
            if (data != null || !finished) {
                return chunk(data == null ? new byte[0] : data, skipped, truncated);
            }
            skipped += moveToNext();
            if (source == null) {
                break;
            }
        }
        Chunk c = chunk(new byte[0], skipped, truncated);
        return c.isEmpty() ? Chunk.NONE : c;
    }

    private Chunk chunk(byte[] data, long skipped, boolean truncated) {
        boolean lost = lostUnknown;
        lostUnknown = false;
        return new Chunk(data, skipped, truncated, lost);
    }

    /**
     * Reads from the held file: whole lines, or a full chunk of one long line, or (once the file is finished)
     * its unended last line with a newline added. Null when only half a line is there yet. A gzipped backup
     * that turns out damaged (or shorter than its header says) is left, its unread rest counted as skipped.
     */
    private byte[] read(long size, int max, boolean finished) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, size - position));
        try {
            while (buf.hasRemaining() && source.read(buf, position + buf.position()) > 0) {
                // fill the chunk
            }
        } catch (ZipException | EOFException e) {
            if (!source.complete()) {
                throw e;
            }
            unreadable += size - position;
            position = size;
            return null;
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
     * Looks at what the path names now; when it is a file not yet in the chain, lists the backups to add, in
     * order, every file between the newest known one and it (rotations faster than the polls).
     */
    private void discover() throws IOException {
        RotatedFiles.Entry now = files.currentFile();
        currentSize = now == null ? 0 : now.size();
        FileId newest = chain.isEmpty() ? inode : chain.peekLast().key();
        if (now == null || now.id().equals(newest)) {
            return;
        }
        List<RotatedFiles.Entry> entries = List.of();
        int at = -1;
        // A look is not atomic: a backup renamed or swapped for its .gz during it can be missed; look again first.
        for (int look = 0; look < LOOKS && at < 0; look++) {
            entries = files.oldestFirst();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).id().equals(newest)) {
                    at = i;
                }
            }
        }
        if (at < 0) {
            lostUnknown = true; // the newest known file is already gone: what came between is unknown
        }
        for (int i = at + 1; i < entries.size(); i++) {
            if (!known(entries.get(i).id())) {
                append(new Known(entries.get(i).id(), entries.get(i).size()));
            }
        }
        if (!known(now.id())) {
            append(new Known(now.id(), now.size()));
        }
    }

    private boolean known(FileId key) {
        return key.equals(inode) || chain.stream().anyMatch(k -> k.key().equals(key));
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
            FollowedFile opened = files.open(next.key());
            if (opened != null) {
                close();
                source = opened;
                inode = next.key();
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
     * file not read before, the rest after it in the chain, so rotations since then lose nothing.
     */
    private boolean openFirstUnread() throws IOException {
        for (RotatedFiles.Entry e : files.oldestFirst()) {
            if (alreadyRead.contains(e.id()) || known(e.id())) {
                continue;
            }
            FollowedFile opened = source == null ? files.open(e.id()) : null;
            if (opened != null) {
                source = opened;
                inode = e.id();
                position = 0;
            } else if (source != null) {
                append(new Known(e.id(), e.size()));
            }
        }
        return source != null;
    }

    private boolean openCurrent() throws IOException {
        SafeLogOpen.Reading opened = SafeLogOpen.openForReadingWithKey(path);
        if (opened == null) {
            return false;
        }
        source = FollowedFile.plain(opened.channel());
        inode = opened.fileKey(); // of the inode held, not of whatever the path names later
        position = 0;
        return true;
    }

    @Override
    public void close() {
        if (source != null) {
            try {
                source.close();
            } catch (IOException e) {
                // nothing to do for a read-only file
            }
            source = null;
        }
    }
}
