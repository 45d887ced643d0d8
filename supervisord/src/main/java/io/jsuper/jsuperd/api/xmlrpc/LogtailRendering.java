package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.logs.FollowRendering;
import io.jsuper.jsuperd.api.logs.LogTarget;
import io.jsuper.jsuperd.logs.FileFollower;
import io.jsuper.jsuperd.logs.OffsetLogRead;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * supervisord's {@code /logtail} and {@code /mainlogtail} body, which {@code supervisorctl tail -f} prints
 * as it comes: the file's last bytes, then every new byte unchanged; notes in supervisord's
 * {@code ==> … <==} form.
 */
final class LogtailRendering implements FollowRendering {
    private final int initialBytes;

    LogtailRendering(int initialBytes) {
        this.initialBytes = initialBytes;
    }

    @Override
    public byte[] start(List<LogTarget> targets, long[] ends) throws IOException {
        long end = ends[0];
        long from = Math.max(0, end - initialBytes);
        byte[] last = end > 0 ? OffsetLogRead.read(targets.get(0).files().current(), from, end - from) : null;
        return last == null ? new byte[0] : last;
    }

    @Override
    public byte[] chunk(LogTarget target, boolean labelled, FileFollower.Chunk c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(c.bytes().length + 128);
        if (c.truncated()) {
            out.writeBytes("==> File truncated <==\n".getBytes(StandardCharsets.UTF_8));
        }
        if (c.skipped() > 0) {
            out.writeBytes(("==> jsuper: fell behind, skipped " + c.skipped() + " bytes <==\n").getBytes(StandardCharsets.UTF_8));
        }
        if (c.lostUnknown()) {
            out.writeBytes("==> jsuper: fell behind, skipped rotated files (size unknown) <==\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(c.bytes());
        return out.toByteArray();
    }

    @Override
    public byte[] ended(String why) {
        return ("==> jsuper: " + why + " <==\n").getBytes(StandardCharsets.UTF_8);
    }
}
