package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.logs.FileFollower;
import io.jsuper.jsuperd.logs.LastLines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * jsuper's {@code follow=true} body: the last lines, then the program's lines as they are, each prefixed
 * {@code [web:2] } when several processes are followed; notes from jsuperd are lines starting with
 * {@link #NOTE}.
 */
final class ProgramLines implements FollowRendering {
    /** In-band notes start with this, so a reader (jsuperctl) can tell them from the program's output. */
    static final String NOTE = "==> jsuper: ";

    private final int initialLines;

    ProgramLines(int initialLines) {
        this.initialLines = initialLines;
    }

    @Override
    public byte[] start(List<LogTarget> targets, long[] ends) throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        for (int i = 0; i < targets.size() && initialLines > 0; i++) {
            LogTarget t = targets.get(i);
            List<String> lines = new ArrayList<>();
            LogReads.prefixed(lines, t, targets.size(), LastLines.read(t.files().newestFirst(), initialLines,
                    LogReads.MAX_ANSWER_BYTES / targets.size(), ends[i]).lines());
            for (String line : lines) {
                first.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return first.toByteArray();
    }

    @Override
    public byte[] chunk(LogTarget t, boolean labelled, FileFollower.Chunk c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(c.bytes().length + 128);
        String who = labelled ? "[" + t.label() + "] " : "";
        if (c.truncated()) {
            note(out, who + "file truncated, following from its start");
        }
        if (c.skipped() > 0) {
            note(out, who + "fell behind, skipped " + c.skipped() + " bytes (rotated files deleted before they were read)");
        }
        if (c.lostUnknown()) {
            note(out, who + "fell behind, skipped rotated files deleted before they were read (size unknown)");
        }
        if (who.isEmpty()) {
            out.writeBytes(c.bytes());
            return out.toByteArray();
        }
        byte[] prefix = who.getBytes(StandardCharsets.UTF_8);
        byte[] b = c.bytes();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' || i == b.length - 1) {
                out.writeBytes(prefix);
                out.write(b, start, i + 1 - start);
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    @Override
    public byte[] ended(String why) {
        return (NOTE + why + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void note(ByteArrayOutputStream out, String text) {
        out.writeBytes((NOTE + text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
