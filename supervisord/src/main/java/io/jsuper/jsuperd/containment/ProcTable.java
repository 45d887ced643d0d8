package io.jsuper.jsuperd.containment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads processes from a /proc directory (injectable, so tests can use a fake one). */
public final class ProcTable {

    /** Bounds a scan: pid_max can be at most 2^22. */
    static final int MAX_PROCESSES = 4_194_304;
    private static final int MAX_ENVIRON_BYTES = 1 << 20;

    private final Path procRoot;

    public ProcTable(Path procRoot) {
        this.procRoot = procRoot;
    }

    public static ProcTable system() {
        return new ProcTable(Path.of("/proc"));
    }

    public Optional<ProcStat> stat(int pid) {
        return ProcStat.read(procRoot, pid);
    }

    /** Every process that can be read right now (vanishing ones are skipped). */
    public List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot, ProcTable::isPidDir)) {
            for (Path p : dir) {
                stat(Integer.parseInt(p.getFileName().toString())).ifPresent(out::add);
                if (out.size() >= MAX_PROCESSES) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + procRoot + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * True when the environment the process was started with holds {@code key=value}. Unreadable
     * (another user's process when not root, or gone): false.
     */
    public boolean hasEnv(int pid, String key, String value) {
        byte[] raw;
        try {
            Path file = procRoot.resolve(Integer.toString(pid)).resolve("environ");
            try (var in = Files.newInputStream(file)) {
                raw = in.readNBytes(MAX_ENVIRON_BYTES);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        String wanted = key + "=" + value;
        for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            if (entry.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPidDir(Path p) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || name.length() > 7) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
