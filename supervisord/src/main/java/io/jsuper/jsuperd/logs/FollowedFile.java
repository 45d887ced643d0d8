package io.jsuper.jsuperd.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** The file a follower reads: a plain log file (which may still grow) or a gzipped backup (complete). */
interface FollowedFile extends Closeable {

    /** Bytes of content: the plain file's size now, or the backup's uncompressed size. */
    long size() throws IOException;

    /** Reads content at {@code position} into {@code into}; the bytes read, 0 or -1 at the end. */
    int read(ByteBuffer into, long position) throws IOException;

    /** True when nothing will be added (a gzipped backup): its unended last line is handed out as it is. */
    boolean complete();

    /** A plain file through its descriptor (readable after rotation renamed or deleted it). */
    static FollowedFile plain(FileChannel channel) {
        return new FollowedFile() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer into, long position) throws IOException {
                return channel.read(into, position);
            }

            @Override
            public boolean complete() {
                return false;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
