package io.jsuper.jsuperd.containment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of {@code /proc/PID/stat} that containment needs. {@code startTime} (field 22, clock
 * ticks since boot) tells a process apart from a later one that got the same pid.
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long startTime) {

    /**
     * Parses one stat line. The command name (field 2) is in parentheses and may itself contain
     * spaces and parentheses, so the fields after it are counted from the last ')'.
     */
    public static Optional<ProcStat> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open || close + 2 > line.length()) {
            return Optional.empty();
        }
        String[] rest = line.substring(close + 2).strip().split(" ");
        // rest[0] is field 3 (state); field n is rest[n - 3]
        if (rest.length < 20 || rest[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(Integer.parseInt(line.substring(0, open).strip()), rest[0].charAt(0),
                    Integer.parseInt(rest[1]), Integer.parseInt(rest[2]), Integer.parseInt(rest[3]),
                    Long.parseLong(rest[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reads {@code procRoot/PID/stat}; empty when the process is gone or the file is unreadable. */
    public static Optional<ProcStat> read(Path procRoot, int pid) {
        // One bounded read into a small array: Files.readString sizes its buffer for a regular file and
        // /proc files report size 0, so it allocated ~14 KB per read (the ledger reads one per spawn).
        byte[] buf = new byte[MAX_STAT_BYTES];
        try (InputStream in = Files.newInputStream(procRoot.resolve(Integer.toString(pid)).resolve("stat"))) {
            int n = in.readNBytes(buf, 0, buf.length);
            return parse(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stat line is about 300 bytes (a comm of at most 16 bytes and 50 numbers); the fields read come first. */
    static final int MAX_STAT_BYTES = 2048;

    /** A zombie has exited: it cannot be signalled into anything and holds no resources but its pid. */
    public boolean isZombie() {
        return state == 'Z' || state == 'X';
    }

    /** Same process as {@code other}: same pid and same start time. */
    public boolean sameProcess(ProcStat other) {
        return pid == other.pid && startTime == other.startTime;
    }
}
