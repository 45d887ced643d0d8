package io.jsuper.jsuperd.logs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;

/**
 * The gzip format of compressed backups ({@code compress = true}): a standard gzip file (RFC 1952; {@code gzip -t},
 * {@code zcat} and {@code GZIPInputStream} read it) whose header carries one extra field, subfield {@code JS}:
 * the device, inode and birth time of the plain file it was made from ({@link FileId}) and that file's size. A follower that knew the plain
 * file by inode finds its content again in the {@code .gz} after the compressor replaced it, and knows how many
 * bytes it holds without decompressing it.
 */
final class GzipBackup {
    private static final int BUFFER = 64 * 1024;
    private static final byte SI1 = 'J';
    private static final byte SI2 = 'S';
    private static final int ORIGIN_BYTES = 32; // dev, ino, birth, size
    private static final int FEXTRA = 4;
    private static final int OS_UNIX = 3;
    /** Bytes of a header that {@link #origin} looks at: the fixed part and an extra field of a few subfields. */
    private static final int HEADER_LOOK = 256;

    /** The plain file a backup was made from, and its size (the uncompressed size of the backup). */
    record Origin(FileId id, long size) {
    }

    private GzipBackup() {
    }

    /** Gzips all of {@code in} to {@code out} with {@code origin} in the header; returns the bytes read from {@code in}. */
    static long write(InputStream in, FileChannel out, Origin origin) throws IOException {
        OutputStream sink = Channels.newOutputStream(out);
        sink.write(header(origin));
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            DeflaterOutputStream deflate = new DeflaterOutputStream(sink, deflater, BUFFER);
            CRC32 crc = new CRC32();
            byte[] buf = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                deflate.write(buf, 0, n);
                crc.update(buf, 0, n);
                total += n;
            }
            deflate.finish();
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).putInt((int) total); // ISIZE: the size modulo 2^32
            sink.write(trailer.array());
            sink.flush();
            return total;
        } finally {
            deflater.end();
        }
    }

    private static byte[] header(Origin origin) {
        ByteBuffer h = ByteBuffer.allocate(10 + 2 + 4 + ORIGIN_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0x1f).put((byte) 0x8b).put((byte) Deflater.DEFLATED).put((byte) FEXTRA);
        h.putInt(0).put((byte) 0).put((byte) OS_UNIX); // no mtime in the header: the file keeps the backup's
        h.putShort((short) (4 + ORIGIN_BYTES)).put(SI1).put(SI2).putShort((short) ORIGIN_BYTES);
        h.putLong(origin.id().dev()).putLong(origin.id().ino()).putLong(origin.id().birth()).putLong(origin.size());
        return h.array();
    }

    /**
     * The origin recorded in {@code channel}'s header (read at offset 0, the channel's position untouched), or
     * null for a gzip file without one (gzipped by logrotate, or by a jsuperd before this format).
     */
    static Origin origin(FileChannel channel) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_LOOK).order(ByteOrder.LITTLE_ENDIAN);
        while (h.hasRemaining() && channel.read(h, h.position()) > 0) {
            // the first bytes only
        }
        h.flip();
        if (h.remaining() < 12 || (h.get(0) & 0xff) != 0x1f || (h.get(1) & 0xff) != 0x8b || (h.get(3) & FEXTRA) == 0) {
            return null;
        }
        int end = Math.min(h.limit(), 12 + (h.getShort(10) & 0xffff));
        for (int at = 12; at + 4 <= end; ) {
            int length = h.getShort(at + 2) & 0xffff;
            if (h.get(at) == SI1 && h.get(at + 1) == SI2 && length == ORIGIN_BYTES && at + 4 + length <= end) {
                return new Origin(new FileId(h.getLong(at + 4), h.getLong(at + 12), h.getLong(at + 20)), h.getLong(at + 28));
            }
            at += 4 + length;
        }
        return null;
    }

    /** A backup opened for a follower: its content from any offset (forward by skipping, back by starting over). */
    static FollowedFile reader(FileChannel channel, Origin origin, Path path) {
        return new Reader(channel, origin.size(), path);
    }

    private static final class Reader implements FollowedFile {
        private final FileChannel channel;
        private final long size;
        private final Path path;
        private GZIPInputStream in;
        private long at; // offset in the uncompressed content where {@code in} stands

        Reader(FileChannel channel, long size, Path path) {
            this.channel = channel;
            this.size = size;
            this.path = path;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(ByteBuffer into, long position) throws IOException {
            if (position >= size) {
                return -1;
            }
            if (in == null || position < at) {
                restart();
            }
            skipTo(position);
            int want = (int) Math.min(into.remaining(), size - position);
            int n = in.read(into.array(), into.arrayOffset() + into.position(), want);
            if (n < 0) {
                throw new EOFException(path + " ends at " + at + " of " + size + " bytes its header names");
            }
            into.position(into.position() + n);
            at += n;
            return n;
        }

        private void restart() throws IOException {
            if (in != null) {
                in.close(); // ends the inflater; the channel is closed only by close()
            }
            channel.position(0);
            in = new GZIPInputStream(new NonClosing(Channels.newInputStream(channel)), BUFFER / 4);
            at = 0;
        }

        private void skipTo(long position) throws IOException {
            while (at < position) {
                long n = in.skip(position - at);
                if (n <= 0) {
                    throw new EOFException(path + " ends at " + at + " of " + size + " bytes its header names");
                }
                at += n;
            }
        }

        @Override
        public boolean complete() {
            return true;
        }

        @Override
        public void close() throws IOException {
            try {
                if (in != null) {
                    in.close();
                }
            } finally {
                channel.close();
            }
        }
    }

    /** Lets the inflating stream be closed (to free its native memory) without closing the file. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
